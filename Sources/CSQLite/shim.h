// SQLite 3 (Debian: libsqlite3-dev): the embedded database VulnDB stores MSRC data in.
#include <sqlite3.h>
