// ISA-L igzip (Debian: libisal-dev): the fastest inflate available, used by ImageLayers for gzip layers.
#include <isa-l/igzip_lib.h>
