package player

// isTS says whether b looks like an MPEG transport stream.
func isTS(b []byte) bool {
	return len(b) >= 188*2 && b[0] == 0x47 && b[188] == 0x47
}

// tsAudioPayload extracts the elementary stream of the first audio PES
// stream (stream ids 0xC0-0xDF) from a transport stream segment.
func tsAudioPayload(b []byte) []byte {
	var out []byte
	pid := -1
	for i := 0; i+188 <= len(b); i += 188 {
		p := b[i : i+188]
		if p[0] != 0x47 {
			continue
		}
		pusi := p[1]&0x40 != 0
		id := int(p[1]&0x1f)<<8 | int(p[2])
		afc := (p[3] >> 4) & 3
		off := 4
		if afc&2 != 0 {
			off += 1 + int(p[4])
		}
		if afc&1 == 0 || off >= 188 {
			continue
		}
		pl := p[off:]
		if pusi && len(pl) >= 9 && pl[0] == 0 && pl[1] == 0 && pl[2] == 1 {
			sid := pl[3]
			if pid < 0 && sid >= 0xc0 && sid <= 0xdf {
				pid = id
			}
			if id == pid {
				h := 9 + int(pl[8])
				if h <= len(pl) {
					out = append(out, pl[h:]...)
				}
			}
			continue
		}
		if id == pid && pid >= 0 {
			out = append(out, pl...)
		}
	}
	return out
}
