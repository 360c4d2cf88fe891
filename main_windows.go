//go:build windows

package main

// The Windows release is a GUI program (linked with -H windowsgui) so that a
// double-click opens no black console window. Windows then gives it no
// console, and the headless commands (huitouke.exe report …, run from a
// batch file or Task Scheduler) would print nowhere. So when a subcommand is
// given, attach to the console of the program that started us and write
// there — unless the output was redirected to a file or pipe, which wins.

import (
	"os"
	"syscall"

	"huitouke/cli"
)

func init() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1:]) {
		attachParentConsole()
	}
}

func attachParentConsole() {
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	r, _, _ := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole").Call(attachParentProcess)
	if r == 0 {
		return // no parent console: keep whatever handles we were given
	}
	if !usable(os.Stdout) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !usable(os.Stderr) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
}

// usable tells whether f is a real handle: a file or pipe the caller
// redirected to, or a console. A GUI program without redirection gets none.
func usable(f *os.File) bool {
	if f == nil {
		return false
	}
	t, err := syscall.GetFileType(syscall.Handle(f.Fd()))
	return err == nil && t != syscall.FILE_TYPE_UNKNOWN
}
