// Interop with openai-go (github.com/openai/openai-go/v3): reads {"shape": "ns:Name", "text":
// "<payload>"} lines on stdin and, for each valid payload, prints one JSON line:
//
//	{"ours": <our json.Marshal>, "theirs": <openai-go's serialisation after reading ours>,
//	 "back": <ours after reading theirs>, "error": "<the first step that failed>"}
//
// Requests go through realtime.ClientSecretNewParams (its MarshalJSON); responses through
// realtime.ClientSecretNewResponse, whose serialisation is RawJSON (openai-go response types
// keep the JSON they read and have no serialiser of their own).
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"example.com/realtimeshapes/openai"
	"example.com/realtimeshapes/wire"
	"github.com/openai/openai-go/v3/realtime"
)

type line struct {
	Ours   json.RawMessage `json:"ours,omitempty"`
	Theirs json.RawMessage `json:"theirs,omitempty"`
	Back   json.RawMessage `json:"back,omitempty"`
	Error  string          `json:"error,omitempty"`
}

type ours interface {
	wire.Unmarshaler
	Validate() error
}

func readOurs(text []byte, x ours) ([]byte, error) {
	if err := wire.Unmarshal(text, x); err != nil {
		return nil, err
	}
	if err := x.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(x)
}

func request(text []byte) line {
	var out line
	var err error
	if out.Ours, err = readOurs(text, &openai.RealtimeClientSecretCreateRequest{}); err != nil {
		return line{Error: "ours: " + err.Error()}
	}
	var theirs realtime.ClientSecretNewParams
	if err := json.Unmarshal(out.Ours, &theirs); err != nil {
		out.Error = "theirs reading ours: " + err.Error()
		return out
	}
	if out.Theirs, err = json.Marshal(theirs); err != nil {
		out.Error = "theirs writing: " + err.Error()
		return out
	}
	if out.Back, err = readOurs(out.Theirs, &openai.RealtimeClientSecretCreateRequest{}); err != nil {
		out.Error = "ours reading theirs: " + err.Error()
	}
	return out
}

func response(text []byte) line {
	var out line
	var err error
	if out.Ours, err = readOurs(text, &openai.RealtimeClientSecretCreateResponse{}); err != nil {
		return line{Error: "ours: " + err.Error()}
	}
	var theirs realtime.ClientSecretNewResponse
	if err := json.Unmarshal(out.Ours, &theirs); err != nil {
		out.Error = "theirs reading ours: " + err.Error()
		return out
	}
	out.Theirs = json.RawMessage(theirs.RawJSON())
	if out.Back, err = readOurs(out.Theirs, &openai.RealtimeClientSecretCreateResponse{}); err != nil {
		out.Error = "ours reading theirs: " + err.Error()
	}
	return out
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for in.Scan() {
		var item struct{ Shape, Text string }
		if err := json.Unmarshal(in.Bytes(), &item); err != nil {
			panic(err)
		}
		var out line
		switch item.Shape {
		case "openai:RealtimeClientSecretCreateRequest":
			out = request([]byte(item.Text))
		case "openai:RealtimeClientSecretCreateResponse":
			out = response([]byte(item.Text))
		default:
			out = line{Error: "no openai-go type for " + item.Shape}
		}
		b, _ := json.Marshal(out)
		w.Write(b)
		w.WriteByte('\n')
	}
}
