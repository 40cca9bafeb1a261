// Reads [[pattern, [subject, ...]], ...] as JSON on stdin and prints, for each pattern, whether Go's
// regexp (RE2) finds a match in each subject: [[true, false, ...], ...].
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

func main() {
	var cases []struct {
		Pattern  string
		Subjects []string
	}
	var raw [][]json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&raw); err != nil {
		panic(err)
	}
	for _, pair := range raw {
		var c struct {
			Pattern  string
			Subjects []string
		}
		if err := json.Unmarshal(pair[0], &c.Pattern); err != nil {
			panic(err)
		}
		if err := json.Unmarshal(pair[1], &c.Subjects); err != nil {
			panic(err)
		}
		cases = append(cases, c)
	}
	out := make([][]bool, len(cases))
	for i, c := range cases {
		re := regexp.MustCompile(c.Pattern)
		for _, s := range c.Subjects {
			out[i] = append(out[i], re.MatchString(s))
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
