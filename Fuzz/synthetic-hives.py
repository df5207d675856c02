#!/usr/bin/env python3
"""Writes small hand-built regf hives: fuzzing seeds and the hostile shapes behind Fuzz/regressions/hive.

    python3 Fuzz/synthetic-hives.py OUT_DIR            # small seeds (ri, db, deep chain, parent loop, unsorted list)
    python3 Fuzz/synthetic-hives.py OUT_DIR --hostile  # also the amplification shapes (see Fuzz/README.md)

Every hive has one hbin; cells are laid out in order, offsets relative to the hive bins data (regf §cells).
"""
import os
import struct
import sys


class Hive:
    """A one-bin regf image built cell by cell."""

    def __init__(self, minor=5):
        self.minor = minor
        self.data = bytearray()

    def cell(self, payload):
        """Appends an allocated cell; returns its relative offset."""
        size = (len(payload) + 4 + 7) // 8 * 8
        offset = 32 + len(self.data)
        self.data += struct.pack('<i', -size) + payload + b'\0' * (size - 4 - len(payload))
        return offset

    @staticmethod
    def nk(name, parent=0xFFFFFFFF, subkeys=0, sklist=0xFFFFFFFF, nvalues=0, vlist=0xFFFFFFFF, flags=0x20, layered=0):
        raw = name.encode('latin-1') if flags & 0x20 else name.encode('utf-16-le')
        payload = b'nk' + struct.pack('<H', flags) + b'\0' * 8 + bytes([0, layered, 0, 0])
        payload += struct.pack('<9I', parent, subkeys, 0, sklist, 0xFFFFFFFF, nvalues, vlist, 0xFFFFFFFF, 0xFFFFFFFF)
        return payload + b'\0' * 20 + struct.pack('<HH', len(raw), 0) + raw

    @staticmethod
    def vk(name, size, offset, vtype=1):
        raw = name.encode('latin-1')
        return b'vk' + struct.pack('<HIIIHH', len(raw), size, offset, vtype, 1, 0) + raw

    def build(self, root):
        binsize = (len(self.data) + 32 + 8 + 4095) // 4096 * 4096
        tail = binsize - 32 - len(self.data)
        body = self.data + struct.pack('<i', tail) + b'\0' * (tail - 4)  # the rest is one free cell
        hbin = b'hbin' + struct.pack('<III', 0, binsize, 0) + b'\0' * 16 + bytes(body)
        base = bytearray(4096)
        struct.pack_into('<4sIIQIIIIII', base, 0, b'regf', 1, 1, 0, 1, self.minor, 0, 1, root, binsize)
        struct.pack_into('<I', base, 44, 1)
        checksum = 0
        for index in range(127):
            checksum ^= struct.unpack_from('<I', base, 4 * index)[0]
        checksum = {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(checksum, checksum)
        struct.pack_into('<I', base, 508, checksum)
        return bytes(base) + hbin


def ri_one_leaf(leaves, keys):
    """An `ri` naming one `lf` leaf `leaves` times; the leaf names one key `keys` times."""
    h = Hive()
    child = h.cell(h.nk('Child'))
    leaf = h.cell(b'lf' + struct.pack('<H', keys) + (struct.pack('<I', child) + b'Chil') * keys)
    ri = h.cell(b'ri' + struct.pack('<H', leaves) + struct.pack('<I', leaf) * leaves)
    return h.build(h.cell(h.nk('ROOT', flags=0x24, subkeys=leaves * keys, sklist=ri)))


def big_data(segments, size):
    """A `db` value whose segment list names one 16344-byte segment `segments` times."""
    h = Hive()
    segment = h.cell(b'A\0' * 8172)
    segment_list = h.cell(struct.pack('<I', segment) * segments)
    db = h.cell(b'db' + struct.pack('<HI', segments, segment_list) + b'\0' * 4)
    value = h.cell(h.vk('Big', size, db))
    return h.build(h.cell(h.nk('ROOT', flags=0x24, nvalues=1, vlist=h.cell(struct.pack('<I', value)))))


def parent_loop(listed):
    """Two keys whose parents point at each other; the root lists the first one `listed` times."""
    h = Hive()
    x = h.cell(h.nk('XXXXXXXX', parent=32 + 88))
    h.cell(h.nk('YYYY', parent=x))
    leaf = h.cell(b'lf' + struct.pack('<H', listed) + (struct.pack('<I', x) + b'XXXX') * listed)
    return h.build(h.cell(h.nk('ROOT', flags=0x24, subkeys=listed, sklist=leaf)))


def unsorted_list(keys, bad):
    """An `lf` of `bad` out-of-range entries then `keys` distinct keys in descending order: no binary search."""
    h = Hive()
    offsets = [h.cell(h.nk('%03x' % (keys - i))) for i in range(keys)]
    entries = [(0x7FFFFFF8, b'xxxx')] * bad + [(o, b'\0\0\0\0') for o in offsets]
    leaf = h.cell(b'lf' + struct.pack('<H', len(entries)) + b''.join(struct.pack('<I', o) + t for o, t in entries))
    return h.build(h.cell(h.nk('ROOT', flags=0x24, subkeys=len(entries), sklist=leaf)))


def deep_chain(depth, listed):
    """A chain of `depth` keys under the root; the last lists one key `listed` times."""
    h = Hive()
    nk_size, lf_size = 88, 16
    offsets = [32 + i * (nk_size + lf_size) for i in range(depth + 1)]
    x = offsets[depth] + nk_size + lf_size
    for i in range(depth):
        parent = 0xFFFFFFFF if i == 0 else offsets[i - 1]
        h.cell(h.nk('ROOT' if i == 0 else 'K%03d' % (i % 1000), parent=parent, subkeys=1,
                    sklist=offsets[i] + nk_size, flags=0x24 if i == 0 else 0x20))
        h.cell(b'lf' + struct.pack('<H', 1) + struct.pack('<I', offsets[i + 1]) + b'K000')
    h.cell(h.nk('K%03d' % (depth % 1000), parent=offsets[depth - 1], subkeys=listed, sklist=x + nk_size))
    h.cell(b'\0' * 12)
    h.cell(h.nk('XXXX', parent=offsets[depth]))
    h.cell(b'lf' + struct.pack('<H', listed) + (struct.pack('<I', x) + b'XXXX') * listed)
    return h.build(32)


def repeated_value(listed, size):
    """One key whose value list names one `size`-byte string value `listed` times."""
    h = Hive()
    data = h.cell(b'A\0' * (size // 2))
    value = h.cell(h.vk('Val', size, data))
    values = h.cell(struct.pack('<I', value) * listed)
    return h.build(h.cell(h.nk('ROOT', flags=0x24, nvalues=listed, vlist=values)))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    hives = {
        'synthetic-ri': ri_one_leaf(2, 3),
        'synthetic-bigdata': big_data(3, 40000),
        'synthetic-parent-loop': parent_loop(4),
        'synthetic-unsorted-list': unsorted_list(5, 3),
        'synthetic-deep-chain': deep_chain(3, 2),
    }
    if '--hostile' in sys.argv:
        hives.update({
            # Fixed (Fuzz/regressions/hive): each took > 10 s in the harness before its fix.
            'hostile-ri-lists-one-leaf-4000-times': ri_one_leaf(4000, 2000),
            'hostile-bigdata-one-segment-repeated': big_data(2000, 2000 * 16344),
            'hostile-parent-chain-cycle-path': parent_loop(1500),
            'hostile-layered-merge-unsorted-list': unsorted_list(300, 4000),
            # Open (Fuzz/README.md, "Known limits"): work a caller repeats per listing of a shared record.
            'hostile-deep-chain-key-listed-25000-times': deep_chain(500, 25000),
            'hostile-value-listed-16000-times': repeated_value(16000, 16000),
        })
    for name, data in hives.items():
        with open(os.path.join(out, name), 'wb') as file:
            file.write(data)
    print(f'wrote {len(hives)} hives to {out}')


if __name__ == '__main__':
    main()
