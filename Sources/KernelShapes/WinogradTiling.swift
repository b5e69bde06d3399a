/// How an (H, W) input maps to Winograd's 2x2 output tiles (Sources/NN/Winograd.swift).
public struct WinogradTiling: Sendable {
    public let batch: Int, inH: Int, inW: Int, outH: Int, outW: Int, padTop: Int, padLeft: Int

    public init(batch: Int, inH: Int, inW: Int, outH: Int, outW: Int, padTop: Int, padLeft: Int) {
        (self.batch, self.inH, self.inW, self.outH, self.outW, self.padTop, self.padLeft) = (batch, inH, inW, outH, outW, padTop, padLeft)
    }

    @inlinable public var tilesH: Int { (outH + 1) / 2 }
    @inlinable public var tilesW: Int { (outW + 1) / 2 }
    @inlinable public var tiles: Int { batch * tilesH * tilesW }
}
