#ifndef CJPEG_H
#define CJPEG_H
#include <stddef.h>

/// Decodes a JPEG held in memory to 8-bit gray (channels 1) or RGB (channels 3).
/// On success returns 0 and a malloc'd buffer in *pixels (caller frees); on
/// failure returns non-zero and libjpeg's message in `message`. libjpeg's
/// warnings (corrupt or truncated data it would pad) count as failures.
/// libjpeg reports errors by longjmp, which Swift cannot catch: this is why
/// the decoder is C and not a Swift call into jpeglib.
int cjpeg_decode(const unsigned char *data, size_t size, int channels, size_t max_pixels,
                 unsigned char **pixels, int *width, int *height, char message[200]);
#endif
