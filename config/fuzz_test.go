package config

import (
	"strings"
	"testing"
)

// FuzzParse: any config text gives a valid Config or a list of mistakes,
// never a panic or a blow-up inside the TOML library; what it accepts is in
// range (quit keeps a key, volume 0..100, buffer positive and bounded).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		Template(),
		"[keys]\nquit = []\n",
		"[keys]\nquit = [\"q\", \"q\"]\nup = [\"q\"]\n",
		"x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40),
		"x = " + strings.Repeat("{a=", 40) + "1" + strings.Repeat("}", 40),
		"client_id = \"" + strings.Repeat("[{", 50) + "\"\n",
		"s = '''\n[[[\n'''\nt = \"\"\"\\\"\"\"\"\n",
		"\"\\u001b]0;x\\u0007\" = 1\n",
		"[audio]\nvolume = 101\nbuffer = \"-1s\"\n",
		"[audio]\nbuffer = \"1000000h\"\n",
		"[theme]\naccent = 256\n",
		"redirect_port = 99999999999999999999\n",
		string(manyKeys(200)),
		"a = [[1],[2]\n# [[[\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.toml", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if len(c.Keys["quit"]) == 0 {
			t.Fatalf("accepted a config without a quit key: %q", data)
		}
		if c.Audio.Volume < 0 || c.Audio.Volume > 100 || c.Audio.Buffer <= 0 || c.Audio.Buffer > MaxBuffer {
			t.Fatalf("accepted audio %+v", c.Audio)
		}
		if c.RedirectPort < 0 || c.RedirectPort > 65535 {
			t.Fatalf("accepted port %d", c.RedirectPort)
		}
	})
}
