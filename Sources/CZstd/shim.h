// zstd (Debian: libzstd-dev): streaming decompression of zstd layers.
#include <zstd.h>
