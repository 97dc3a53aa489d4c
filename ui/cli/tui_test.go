package cli

import "testing"

func TestTUIIsTheDefaultCommand(t *testing.T) {
	root := NewRoot()
	if root.RunE == nil {
		t.Fatal("cirrus without a subcommand does nothing")
	}
	c, _, err := root.Find([]string{"tui"})
	if err != nil || c.Name() != "tui" {
		t.Fatalf("no tui subcommand: %v", err)
	}
	if code := Execute([]string{"tui", "extra"}); code != ExitUsage {
		t.Errorf("cirrus tui extra: exit %d, want %d", code, ExitUsage)
	}
	if code := Execute([]string{"no-such-command"}); code != ExitUsage {
		t.Errorf("cirrus no-such-command: exit %d, want %d", code, ExitUsage)
	}
}
