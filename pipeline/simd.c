/* simd.c - the level of the byte scans: what the CPU has, under the tests'
 * ceiling. */
#include "simd.h"

int nb_simd_ceiling = NB_SIMD_AVX2;

int
nb_simd_level(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static int cpu = -1;

    /* __builtin_cpu_init: libgcc fills in the features from a constructor,
     * which may not have run yet (cheap, and only once) */
    if (cpu < 0) {
        __builtin_cpu_init();
        cpu = __builtin_cpu_supports("avx2") ? NB_SIMD_AVX2 : NB_SIMD_SSE2;
    }
    return nb_simd_ceiling < cpu ? nb_simd_ceiling : cpu;
#else
    return NB_SIMD_PORTABLE;
#endif
}
