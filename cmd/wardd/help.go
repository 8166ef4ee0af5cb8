package main

import (
	_ "embed"

	"wardmap/cmd/internal/cli"
)

// helps is what -h, -help, --help and `wardd help [user [VERB]]` print on
// stdout with exit status 0, Vietnamese first then English: help.txt's text
// for the command, then the flags of its real FlagSet (cmd/internal/cli,
// the printer wardmap uses too). TestHelp checks every verb has help.
var helps = cli.MustParseHelp("wardd", helpFile)

//go:embed help.txt
var helpFile string

// userVerbs are the verbs of wardd user.
var userVerbs = []string{"add", "passwd", "disable", "enable"}
