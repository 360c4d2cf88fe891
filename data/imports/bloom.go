package imports

import "hash/maphash"

// bloom is a Bloom filter of order numbers. A big file into a database that
// holds few of its orders would otherwise look every order up (a B-tree
// descent each, a tenth of the import): the filter says, in about 2 bytes
// per order, which numbers are surely new. A "maybe" is looked up as
// before, so a false positive costs a query, never a wrong answer.
type bloom struct {
	seed maphash.Seed
	bits []uint64
	mask uint64
}

// bloomK is the number of probes: about 1 % false positives at 16 bits per
// entry, still a few percent at twice the planned entries.
const bloomK = 4

// newBloom sizes a filter for about n entries (a power of two of bits).
func newBloom(n int64) *bloom {
	m := uint64(1) << 16
	for m < uint64(n)*16 && m < 1<<31 {
		m <<= 1
	}
	return &bloom{seed: maphash.MakeSeed(), bits: make([]uint64, m/64), mask: m - 1}
}

func (b *bloom) add(s string) {
	h := maphash.String(b.seed, s)
	h1, h2 := h, h>>32|h<<32|1
	for i := 0; i < bloomK; i++ {
		p := h1 & b.mask
		b.bits[p/64] |= 1 << (p % 64)
		h1 += h2
	}
}

func (b *bloom) has(s string) bool {
	h := maphash.String(b.seed, s)
	h1, h2 := h, h>>32|h<<32|1
	for i := 0; i < bloomK; i++ {
		p := h1 & b.mask
		if b.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
		h1 += h2
	}
	return true
}
