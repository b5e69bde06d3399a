// zlib (Debian: zlib1g-dev): gzopen/gzread decode the IDX .gz files.
#include <zlib.h>
