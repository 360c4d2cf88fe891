package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"huitouke/resources/vocab"
)

// reenter makes the test binary run the command line the way main does, when started by
// TestNoFyneLogLines: the locale is read in package init, so it needs a fresh process.
const reenter = "HUITOUKE_CLI_TEST_REENTER"

func TestMain(m *testing.M) {
	if os.Getenv(reenter) == "1" {
		args := os.Args[1:]
		if i := indexOf(args, "--"); i >= 0 {
			args = args[i+1:]
		}
		if err := vocab.Load(vocab.LangFromArgs(args)); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
		}
		os.Exit(Run(&Env{Ctx: context.Background(), Stdout: os.Stdout, Stderr: os.Stderr, Version: "test"}, args))
	}
	os.Exit(m.Run())
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestNoFyneLogLines runs commands in a fresh process under locales Fyne cannot parse
// (LANG=C.UTF-8 gives "C", an unknown xx_YY, a stray LANGUAGE entry) or none at all, and
// fails on any Fyne log line on stderr. It also checks the language each one gets.
func TestNoFyneLogLines(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the locale comes from the OS there")
	}
	db := filepath.Join(t.TempDir(), "l.db")
	home := t.TempDir()
	run := func(t *testing.T, env []string, args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], append([]string{"--"}, args...)...)
		cmd.Env = append([]string{reenter + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + home, "HUITOUKE_TODAY=2026-11-15"}, env...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		_ = cmd.Run() // exit codes are the commands' business; stderr is ours
		return out.String(), errb.String()
	}
	noLog := func(t *testing.T, stderr string) {
		t.Helper()
		if strings.Contains(stderr, "Fyne error") || strings.Contains(stderr, "Error parsing") {
			t.Errorf("Fyne log lines on stderr:\n%s", stderr)
		}
	}
	for _, args := range [][]string{{"version"}, {"help"}, {"import", "--db", db}, {"report", "--db", db},
		{"customers", "--db", db}, {"calls", "--db", db}, {"backup", "list", "--db", db}, {"nosuch"}} {
		t.Run("C.UTF-8 "+strings.Join(args[:min(2, len(args))], " "), func(t *testing.T) {
			t.Parallel()
			_, stderr := run(t, []string{"LANG=C.UTF-8"}, args...)
			noLog(t, stderr)
		})
	}
	for _, c := range []struct {
		env  []string
		want string // a word of the import usage message in the expected language
	}{
		{nil, "请指定"},
		{[]string{"LANG=C"}, "请指定"},
		{[]string{"LANG=C.UTF-8"}, "请指定"},
		{[]string{"LANG=POSIX"}, "请指定"},
		{[]string{"LANG=xx_YY.UTF-8"}, "Name the files"},
		{[]string{"LC_ALL=C.UTF-8", "LANG=zh_CN.UTF-8"}, "Name the files"},
		{[]string{"LANGUAGE=xx:zh", "LANG=en_US.UTF-8"}, "请指定"},
		{[]string{"LANGUAGE=zh_CN:", "LANG=en_US.UTF-8"}, "请指定"},
		{[]string{"LANG=zh_CN.UTF-8"}, "请指定"},
		{[]string{"LANG=en_US.UTF-8"}, "Name the files"},
		{[]string{"LANG=xx_YY.UTF-8", "--lang", "zh"}, "请指定"},
	} {
		env, args := c.env, []string{"import", "--db", db}
		if i := indexOf(env, "--lang"); i >= 0 {
			env, args = env[:i], append(args, env[i:]...)
		}
		t.Run(strings.Join(c.env, " "), func(t *testing.T) {
			t.Parallel()
			_, stderr := run(t, env, args...)
			noLog(t, stderr)
			if !strings.Contains(stderr, c.want) {
				t.Errorf("want %q in\n%s", c.want, stderr)
			}
		})
	}
}
