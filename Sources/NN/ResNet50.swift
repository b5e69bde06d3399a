/// keras.applications.ResNet50 (v1) base: 7x7/2 stem, 3x3/2 max-pool, then
/// bottleneck stages of [3, 4, 6, 3] blocks with 64..512 filters (x4 out).
/// Each stage's first block has a projection shortcut (1x1 conv + BN) and,
/// from stage 3 on, the stride 2 on its first 1x1 convolution. Layer names are Keras'.
enum ResNet50 {
    static func convBase(channels: Int) -> [Layer] {
        var layers: [Layer] = [
            ZeroPadding2D(name: "conv1_pad", pad: 3),
            Conv2D(name: "conv1_conv", inputChannels: channels, filters: 64, kernelSize: (7, 7), strides: (2, 2)),
            BatchNorm(name: "conv1_bn", channels: 64),
            ReLU(name: "conv1_relu", inPlace: true),
            ZeroPadding2D(name: "pool1_pad", pad: 1),
            MaxPool2D(name: "pool1_pool", poolSize: (3, 3), strides: (2, 2)),
        ]
        var cin = 64
        for (stage, (filters, blocks)) in [(64, 3), (128, 4), (256, 6), (512, 3)].enumerated() {
            let stride = stage == 0 ? 1 : 2
            for b in 1...blocks {
                let first = b == 1
                layers.append(bottleneck(name: "conv\(stage + 2)_block\(b)", inputChannels: cin, filters: filters,
                                         stride: first ? stride : 1, projection: first))
                cin = filters * 4
            }
        }
        return layers
    }

    private static func bottleneck(name: String, inputChannels: Int, filters: Int, stride: Int, projection: Bool) -> ResidualBlock {
        let out = filters * 4
        let main = Sequential(name: name, [
            Conv2D(name: "\(name)_1_conv", inputChannels: inputChannels, filters: filters, kernelSize: (1, 1), strides: (stride, stride)),
            BatchNorm(name: "\(name)_1_bn", channels: filters),
            ReLU(name: "\(name)_1_relu", inPlace: true),
            Conv2D(name: "\(name)_2_conv", inputChannels: filters, filters: filters, kernelSize: (3, 3), padding: .same),
            BatchNorm(name: "\(name)_2_bn", channels: filters),
            ReLU(name: "\(name)_2_relu", inPlace: true),
            Conv2D(name: "\(name)_3_conv", inputChannels: filters, filters: out, kernelSize: (1, 1)),
            BatchNorm(name: "\(name)_3_bn", channels: out),
        ])
        let shortcut = projection ? Sequential(name: "\(name)_shortcut", [
            Conv2D(name: "\(name)_0_conv", inputChannels: inputChannels, filters: out, kernelSize: (1, 1), strides: (stride, stride)),
            BatchNorm(name: "\(name)_0_bn", channels: out),
        ]) : nil
        return ResidualBlock(name: "\(name)_out", main: main, shortcut: shortcut)
    }
}
