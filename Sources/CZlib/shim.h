// zlib (Debian: zlib1g-dev): deflate for test fixtures.
#include <zlib.h>
