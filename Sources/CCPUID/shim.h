// The two instructions that say what an x86-64 CPU and its OS support
// (Sources/NN/CPUFeatures.swift reads them). Elsewhere both report nothing.
#if defined(__x86_64__)
#include <cpuid.h>
// regs = eax, ebx, ecx, edx of leaf/subleaf; 0 if the CPU has no such leaf.
static inline int fcw_cpuid(unsigned leaf, unsigned subleaf, unsigned regs[4]) { return __get_cpuid_count(leaf, subleaf, &regs[0], &regs[1], &regs[2], &regs[3]); }
// XCR0: the register states the OS saves on a context switch (needs the OSXSAVE bit of leaf 1).
static inline unsigned long long fcw_xgetbv0(void) { unsigned lo, hi; __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0)); return ((unsigned long long)hi << 32) | lo; }
#else
static inline int fcw_cpuid(unsigned leaf, unsigned subleaf, unsigned regs[4]) { (void)leaf; (void)subleaf; (void)regs; return 0; }
static inline unsigned long long fcw_xgetbv0(void) { return 0; }
#endif
