package player

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	mp4bits "github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
)

// checkBoxes walks the ISO BMFF box tree in b before mp4ff sees it. mp4ff
// trusts the numbers in a box: it allocates a box's claimed size, and a
// table's claimed entry count, before reading them, so 16 bytes claiming
// 64 GiB end the process with an out-of-memory error that recover() cannot
// catch. Here every box must fit inside its parent (and the bytes held),
// every table's entries must fit inside its box, and the boxes mp4ff would
// decode with structures cirrus does not model are refused.
//
// Why hand-written: mp4ff is the decoder; this only checks the numbers it
// would trust, with the box grammar of ISO/IEC 14496-12 for the boxes an
// audio fMP4 stream carries.
func checkBoxes(b []byte) error {
	return checkBoxList(b, 0)
}

const (
	// maxBoxDepth bounds nesting (an audio init segment nests 8 deep).
	maxBoxDepth = 16
	// maxMP4Entries bounds any table: a segment of AAC holds tens of
	// frames per second, an fMP4 init segment's tables are empty.
	maxMP4Entries = 1 << 17
)

// errBoxTooBig is an impossible size; callers wrap it with where it was.
var errBoxTooBig = errors.New("box larger than the data")

// mp4Containers maps boxes whose payload holds child boxes to the offset of
// the first child, as mp4ff reads them.
var mp4Containers = map[string]int{
	"moov": 0, "trak": 0, "mdia": 0, "minf": 0, "stbl": 0, "dinf": 0,
	"mvex": 0, "moof": 0, "traf": 0, "edts": 0, "udta": 0, "mfra": 0,
	"sinf": 0, "schi": 0, "ilst": 0, "ludt": 0, "tref": 0, "desc": 0,
	"\xa9cpy": 0, "\xa9nam": 0, "\xa9too": 0, "\xa9ART": 0,
	"stsd": 8, "dref": 8, "trep": 8,
	// audio sample entries: 28 bytes of fields, then boxes
	"mp4a": 28, "ac-3": 28, "ec-3": 28,
}

// mp4DRM are boxes only an encrypted stream carries.
var mp4DRM = map[string]bool{"enca": true, "encv": true, "senc": true, "pssh": true}

// mp4Refused are boxes mp4ff decodes with tables this check does not model
// and that an audio HLS stream has no use for.
var mp4Refused = map[string]bool{
	"subs": true, "tfra": true, "ssix": true, "silb": true, "leva": true,
	"stpp": true, "wvtt": true, "evte": true, "vttc": true,
	"avc1": true, "avc3": true, "hvc1": true, "hev1": true, "av01": true,
}

func checkBoxList(b []byte, depth int) error {
	if depth > maxBoxDepth {
		return fmt.Errorf("boxes nested more than %d deep", maxBoxDepth)
	}
	for len(b) > 0 {
		if len(b) < 8 {
			return fmt.Errorf("%d stray bytes after the last box", len(b))
		}
		size := uint64(binary.BigEndian.Uint32(b))
		name := string(b[4:8])
		hdr := uint64(8)
		switch size {
		case 0:
			return fmt.Errorf("box %q: size 0 (to end of file) not supported", name)
		case 1:
			if len(b) < 16 {
				return fmt.Errorf("box %q: truncated 64-bit size", name)
			}
			size, hdr = binary.BigEndian.Uint64(b[8:]), 16
		}
		if size < hdr {
			return fmt.Errorf("box %q: size %d smaller than its header", name, size)
		}
		if size > uint64(len(b)) {
			return fmt.Errorf("box %q claims %d bytes, %d held: %w", name, size, len(b), errBoxTooBig)
		}
		if err := checkBox(name, b[hdr:size], depth); err != nil {
			return err
		}
		if err := checkLeafSize(name, b[:size]); err != nil {
			return err
		}
		b = b[size:]
	}
	return nil
}

func checkBox(name string, p []byte, depth int) error {
	if mp4DRM[name] {
		return fmt.Errorf("%w (%s box)", ErrDRM, name)
	}
	if mp4Refused[name] {
		return fmt.Errorf("box %q not supported in an audio stream", name)
	}
	if off, ok := mp4Containers[name]; ok {
		if len(p) < off {
			return fmt.Errorf("box %q: %d bytes, its fields need %d", name, len(p), off)
		}
		return checkBoxList(p[off:], depth+1)
	}
	if name == "meta" {
		// as mp4ff: a full box, unless (QuickTime) an hdlr box follows
		// at once; mp4ff refuses one too short to tell
		if len(p) < 8 {
			return fmt.Errorf("box meta: truncated")
		}
		off := 4
		if string(p[4:8]) == "hdlr" {
			off = 0
		}
		return checkBoxList(p[off:], depth+1)
	}
	return checkTable(name, p)
}

// checkTable checks the entry count of a table box against its payload p:
// fixed bytes before the entries, then count entries of per bytes each.
func checkTable(name string, p []byte) error {
	u32 := func(at int) (uint64, bool) {
		if len(p) < at+4 {
			return 0, false
		}
		return uint64(binary.BigEndian.Uint32(p[at:])), true
	}
	var flags uint32
	var version byte
	if len(p) >= 4 {
		version, flags = p[0], binary.BigEndian.Uint32(p)&0xffffff
	}
	countAt, per, extra := -1, 0, 0
	switch name {
	case "stts", "ctts":
		countAt, per = 4, 8
	case "stco", "stss":
		countAt, per = 4, 4
	case "co64":
		countAt, per = 4, 8
	case "stsc":
		countAt, per = 4, 12
	case "stsz":
		countAt, per = 8, 4
		if u, ok := u32(4); ok && u != 0 {
			per = 0 // one size for all: no table
		}
	case "elst":
		countAt, per = 4, 12
		if version == 1 {
			per = 20
		}
	case "trun":
		countAt = 4
		per = 4 * bits.OnesCount32(flags&0xf00)
		extra = 4*int(flags&1) + 4*int(flags>>2&1) // data offset, first sample flags
	case "sbgp":
		countAt, per = 8, 8
		if version == 1 {
			countAt = 12
		}
	case "sgpd":
		countAt = 8
		switch {
		case version >= 2:
			countAt = 16
		case version == 1:
			countAt = 12
		}
		if version >= 1 {
			if dl, ok := u32(8); ok && dl > 0 {
				per = int(min(dl, 1<<20))
			} else {
				per = 4
			}
		}
	case "saiz":
		countAt = 5
		if flags&1 != 0 {
			countAt = 13
		}
		if len(p) > countAt-1 && p[countAt-1] == 0 {
			per = 1
		}
	case "saio":
		countAt, per = 4, 4
		if flags&1 != 0 {
			countAt = 12
		}
		if version != 0 {
			per = 8
		}
	default:
		return nil
	}
	n, ok := u32(countAt)
	if !ok {
		return fmt.Errorf("box %q: truncated before its entry count", name)
	}
	if n > maxMP4Entries {
		return fmt.Errorf("box %q: %d entries, at most %d accepted", name, n, maxMP4Entries)
	}
	if need := uint64(countAt+4+extra) + n*uint64(per); need > uint64(len(p)) {
		return fmt.Errorf("box %q: %d entries need %d bytes, box holds %d: %w", name, n, need, len(p), errBoxTooBig)
	}
	return nil
}

// checkLeafSize decodes one leaf box alone (its tables already checked
// against its own bytes) and refuses it unless mp4ff's size for it is the
// size its header gives. mp4ff walks a container by the sizes it computes
// from what it decoded, not by the headers: a ctts whose header claims
// more than its entries hides the next bytes from this check, and mp4ff
// then decodes them as a box of their own (an stsc claiming 800 million
// entries took 9.7 GB). Containers, and boxes mp4ff keeps whole (mdat,
// free, skip), are walked by header as here.
func checkLeafSize(name string, box []byte) (err error) {
	if _, ok := mp4Containers[name]; ok || name == "meta" || name == "mdat" || name == "free" || name == "skip" {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("box %q: mp4 decoder panic: %v", name, r)
		}
	}()
	got, err := mp4.DecodeBoxSR(0, mp4bits.NewFixedSliceReader(box))
	if err != nil {
		return fmt.Errorf("box %q: %w", name, err)
	}
	if got.Size() != uint64(len(box)) {
		return fmt.Errorf("box %q: its header says %d bytes, its contents make %d", name, len(box), got.Size())
	}
	return nil
}
