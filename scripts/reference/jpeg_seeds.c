/* Writes small JPEGs with libjpeg for the image harness's seed corpus
   (make_fuzz_corpus.py compiles and runs it: Python's standard library has no
   JPEG encoder). Usage: jpeg_seeds OUTPUT_FOLDER */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

static void write_jpeg(const char *folder, const char *name, int width, int height, int components,
                       int progressive, int restart_rows, int subsampled) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(1); }
    struct jpeg_compress_struct info;
    struct jpeg_error_mgr err;
    info.err = jpeg_std_error(&err);
    jpeg_create_compress(&info);
    jpeg_stdio_dest(&info, f);
    info.image_width = width;
    info.image_height = height;
    info.input_components = components;
    info.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, 75, TRUE);
    if (progressive) jpeg_simple_progression(&info);
    info.restart_in_rows = restart_rows;
    if (components == 3 && !subsampled) {   /* 4:4:4; the default is 4:2:0 */
        info.comp_info[0].h_samp_factor = info.comp_info[0].v_samp_factor = 1;
    }
    jpeg_start_compress(&info, TRUE);
    unsigned char *row = malloc((size_t)width * components);
    while (info.next_scanline < info.image_height) {
        for (int x = 0; x < width * components; x++) row[x] = (unsigned char)((x * 37 + info.next_scanline * 11) & 0xff);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    free(row);
    fclose(f);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]); return 2; }
    write_jpeg(argv[1], "gray-1x1.jpg", 1, 1, 1, 0, 0, 0);
    write_jpeg(argv[1], "gray-28x28.jpg", 28, 28, 1, 0, 0, 0);
    write_jpeg(argv[1], "gray-28x28-progressive.jpg", 28, 28, 1, 1, 0, 0);
    write_jpeg(argv[1], "rgb-16x16-444.jpg", 16, 16, 3, 0, 0, 0);
    write_jpeg(argv[1], "rgb-33x17-420.jpg", 33, 17, 3, 0, 0, 1);
    write_jpeg(argv[1], "rgb-24x20-progressive.jpg", 24, 20, 3, 1, 0, 1);
    write_jpeg(argv[1], "rgb-32x32-restarts.jpg", 32, 32, 3, 0, 1, 1);
    return 0;
}
