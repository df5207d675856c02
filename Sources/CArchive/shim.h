// libarchive (Debian: libarchive-dev), used by ImageLayers to walk layer tar streams.
#include <archive.h>
#include <archive_entry.h>
