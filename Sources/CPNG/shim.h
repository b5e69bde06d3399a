// libpng (Debian: libpng-dev); the simplified png_image API reports errors by
// return value, so Swift calls it directly.
#include <png.h>
