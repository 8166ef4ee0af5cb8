package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// ReadPassword reads one line: without echo when in is a terminal (a
// person typing; the Enter it did not echo goes to prompt, where the
// caller asked), as a plain line otherwise (a script or a test piping the
// password in).
func ReadPassword(in io.Reader, prompt io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt) // the Enter the terminal did not echo
		return string(b), err
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}
