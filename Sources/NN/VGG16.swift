/// keras.applications.VGG16's convolutional base: five blocks of 3x3 'same'
/// convolutions with ReLU (2, 2, 3, 3, 3 of them; 64 to 512 filters), each
/// followed by a 2x2 max-pool. Layer names are Keras'.
enum VGG16 {
    static func convBase(channels: Int) -> [Layer] {
        let blocks = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
        var layers: [Layer] = []
        var cin = channels
        for (b, (filters, convs)) in blocks.enumerated() {
            for c in 1...convs {
                layers.append(Conv2D(name: "block\(b + 1)_conv\(c)", inputChannels: cin, filters: filters,
                                     kernelSize: (3, 3), padding: .same, activation: .relu))
                cin = filters
            }
            layers.append(MaxPool2D(name: "block\(b + 1)_pool"))
        }
        return layers
    }
}
