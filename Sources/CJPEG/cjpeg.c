#include "cjpeg.h"
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct guarded_error {
    struct jpeg_error_mgr base;
    jmp_buf escape;
};

static void escape_on_error(j_common_ptr info) {
    longjmp(((struct guarded_error *)info->err)->escape, 1);
}

/* Level -1 is a warning about corrupt data (a truncated file is padded with
   gray): an error for training data. Trace messages (level >= 0) are dropped. */
static void escape_on_warning(j_common_ptr info, int level) {
    if (level < 0) escape_on_error(info);
}

int cjpeg_decode(const unsigned char *data, size_t size, int channels, size_t max_pixels,
                 unsigned char **pixels, int *width, int *height, char message[200]) {
    struct jpeg_decompress_struct info;
    struct guarded_error err;
    unsigned char *volatile out = NULL;
    *pixels = NULL;
    info.err = jpeg_std_error(&err.base);
    err.base.error_exit = escape_on_error;
    err.base.emit_message = escape_on_warning;
    if (setjmp(err.escape)) {
        err.base.format_message((j_common_ptr)&info, message);
        jpeg_destroy_decompress(&info);
        free(out);
        return 1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    if ((size_t)info.image_width * info.image_height > max_pixels) {
        snprintf(message, 200, "image is %ux%u, larger than the %zu pixels allowed", info.image_width, info.image_height, max_pixels);
        jpeg_destroy_decompress(&info);
        return 2;
    }
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * info.output_components;
    out = malloc(stride * info.output_height);
    if (!out) {
        snprintf(message, 200, "out of memory");
        jpeg_destroy_decompress(&info);
        return 3;
    }
    while (info.output_scanline < info.output_height) {
        unsigned char *row = out + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    jpeg_destroy_decompress(&info);
    *pixels = out;
    return 0;
}
