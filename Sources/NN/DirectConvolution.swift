import KernelShapes
/// The textbook convolution loop `Conv2D`'s im2col + sgemm path is tested
/// against: no unfolding, no BLAS, double accumulation.
enum DirectConvolution {
    static func forward(_ x: Tensor, kernel: Tensor, bias: Tensor, strides: (Int, Int), padding: Padding) -> Tensor {
        let (kh, kw, cin, cout) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        guard let g = try? WindowGeometry(input: x.shape, kernel: (kh, kw), strides: strides, padding: padding) else {
            preconditionFailure("input \(x.shape) does not fit a \(kh)x\(kw) kernel: the caller builds a shape the layer accepts")
        }
        let y = Tensor(shape: Shape(g.batch, g.outH, g.outW, cout))
        for n in 0..<g.batch {
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    for f in 0..<cout {
                        var sum = Double(bias.pointer[f])
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let ih = oh * g.strideH - g.padTop + i, iw = ow * g.strideW - g.padLeft + j
                                guard ih >= 0, ih < g.inH, iw >= 0, iw < g.inW else { continue }
                                for c in 0..<cin {
                                    sum += Double(x.pointer[((n * g.inH + ih) * g.inW + iw) * cin + c])
                                        * Double(kernel.pointer[((i * kw + j) * cin + c) * cout + f])
                                }
                            }
                        }
                        y.pointer[((n * g.outH + oh) * g.outW + ow) * cout + f] = Float(sum)
                    }
                }
            }
        }
        return y
    }
}
