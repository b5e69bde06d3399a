import CCPUID
import Foundation

/// What this CPU and its OS can run, read once from cpuid and XCR0.
public struct CPUFeatures: Sendable {
    public let vendor: String
    /// The brand string, e.g. "AMD EPYC 9B45" or "Intel(R) Xeon(R) Platinum 8581C CPU @ 2.10GHz".
    public let model: String
    public let family: Int, modelNumber: Int
    /// x86-64-v3 (Haswell's set: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE) with YMM state saved by the OS.
    public let hasAVX2: Bool
    /// x86-64-v4 (AVX-512 F, CD, BW, DQ, VL) on top of that, with ZMM state saved by the OS.
    public let hasAVX512: Bool

    public static let current = CPUFeatures()

    init() {
        func cpuid(_ leaf: UInt32, _ subleaf: UInt32 = 0) -> [UInt32] {
            var regs: [UInt32] = [0, 0, 0, 0]
            return fcw_cpuid(leaf, subleaf, &regs) == 0 ? [0, 0, 0, 0] : regs
        }
        func text(_ words: [UInt32]) -> String {
            let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        let leaf0 = cpuid(0)
        vendor = text([leaf0[1], leaf0[3], leaf0[2]])
        let maxExtended = cpuid(0x8000_0000)[0]
        model = maxExtended >= 0x8000_0004
            ? text((0x8000_0002...0x8000_0004).flatMap { cpuid(UInt32($0)) })
            : vendor
        let leaf1 = cpuid(1), leaf7 = leaf0[0] >= 7 ? cpuid(7) : [0, 0, 0, 0]
        let extended1 = maxExtended >= 0x8000_0001 ? cpuid(0x8000_0001) : [0, 0, 0, 0]
        let baseFamily = Int(leaf1[0] >> 8 & 0xF), baseModel = Int(leaf1[0] >> 4 & 0xF)
        family = baseFamily == 0xF ? baseFamily + Int(leaf1[0] >> 20 & 0xFF) : baseFamily
        modelNumber = baseFamily == 0xF || baseFamily == 6 ? baseModel | Int(leaf1[0] >> 16 & 0xF) << 4 : baseModel
        func bit(_ r: UInt32, _ b: UInt32) -> Bool { r >> b & 1 == 1 }
        let osSaves = bit(leaf1[2], 27) ? fcw_xgetbv0() : 0
        let ymmSaved = osSaves & 0x6 == 0x6, zmmSaved = osSaves & 0xE6 == 0xE6
        hasAVX2 = ymmSaved && bit(leaf1[2], 28) /* AVX */ && bit(leaf1[2], 12) /* FMA */ && bit(leaf1[2], 29) /* F16C */
            && bit(leaf1[2], 22) /* MOVBE */ && bit(leaf7[1], 5) /* AVX2 */ && bit(leaf7[1], 3) /* BMI1 */
            && bit(leaf7[1], 8) /* BMI2 */ && bit(extended1[2], 5) /* LZCNT */
        hasAVX512 = hasAVX2 && zmmSaved && bit(leaf7[1], 16) /* F */ && bit(leaf7[1], 17) /* DQ */
            && bit(leaf7[1], 28) /* CD */ && bit(leaf7[1], 30) /* BW */ && bit(leaf7[1], 31) /* VL */
    }
}
