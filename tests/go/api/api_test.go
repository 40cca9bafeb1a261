// The generated Go packages used the way a Go service uses them: json.Unmarshal and json.Marshal,
// Validate, the three states, unions, enums, and an error about a secret.
package api_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"example.com/realtimeshapes/oci"
	"example.com/realtimeshapes/openai"
	"example.com/realtimeshapes/wire"
)

func marshal(t *testing.T, v any) string {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return string(out)
}

func sameJSON(t *testing.T, got, want string) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal([]byte(got), &a); err != nil {
		t.Fatalf("not JSON: %s", got)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatalf("not JSON: %s", want)
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestAbsentNullAndValueSurviveARoundTrip(t *testing.T) {
	text := `{"type":"realtime","prompt":{"id":"pmpt_1","version":null},"tracing":null,"instructions":"hi"}`
	var session openai.RealtimeSessionCreateRequest
	if err := json.Unmarshal([]byte(text), &session); err != nil {
		t.Fatal(err)
	}
	if !session.Tracing.IsNull() || !session.Tracing.IsSet() {
		t.Fatalf("tracing: want an explicit null, got %v", session.Tracing)
	}
	if session.Model.IsSet() {
		t.Fatal("model: want absent")
	}
	prompt, ok := session.Prompt.Get()
	if !ok || !prompt.Version.IsNull() || prompt.Variables.IsSet() {
		t.Fatalf("prompt: want version null and variables absent, got %+v", prompt)
	}
	sameJSON(t, marshal(t, session), text)
}

func TestAValueBuiltInGoWritesExactlyWhatWasSet(t *testing.T) {
	session := openai.RealtimeSessionCreateRequest{
		Instructions:    wire.Some("Be brief."),
		MaxOutputTokens: wire.Some(openai.MaxOutputTokensInf()),
		Tracing:         wire.SomeNull[openai.Tracing](),
		Audio: wire.Some(openai.RealtimeAudio{
			Output: wire.Some(openai.AudioOutput{Voice: wire.Some[openai.Voice](openai.VoiceID("marin"))}),
		}),
	}
	sameJSON(t, marshal(t, session),
		`{"type":"realtime","instructions":"Be brief.","max_output_tokens":"inf","tracing":null,"audio":{"output":{"voice":"marin"}}}`)
	if err := session.Validate(); err != nil {
		t.Fatal(err)
	}
	if session.MaxOutputTokens.Or(openai.MaxOutputTokensInteger(1)) != openai.MaxOutputTokensInf() {
		t.Fatal("max_output_tokens: want the constant inf")
	}
	if (openai.RealtimeSessionCreateRequest{}).MaxOutputTokensOrDefault() != openai.MaxOutputTokensInf() {
		t.Fatal("the schema's default of max_output_tokens is inf")
	}
}

func TestReadingIsStrictAndNamesThePointer(t *testing.T) {
	cases := map[string]string{
		`{"session":{"type":"realtime","instructions":5}}`:          "/session/instructions",
		`{"session":{"type":"realtime","unknown":1}}`:               "/session/unknown",
		`{"session":{"type":"realtime","instructions":null}}`:       "/session/instructions",
		`{"session":{"type":"mystery"}}`:                            "/session/type",
		`{"expires_after":{"anchor":"created_at","seconds":"600"}}`: "/expires_after/seconds",
	}
	for text, pointer := range cases {
		var request openai.RealtimeClientSecretCreateRequest
		err := json.Unmarshal([]byte(text), &request)
		var e *wire.Error
		if !errors.As(err, &e) || e.Pointer != pointer {
			t.Errorf("%s: want an error at %s, got %v", text, pointer, err)
		}
	}
	var response openai.RealtimeClientSecretCreateResponse
	err := json.Unmarshal([]byte(`{"value":"ek_1","session":{"type":"realtime"}}`), &response)
	if err == nil || !strings.Contains(err.Error(), `missing required property "expires_at"`) {
		t.Errorf("want the missing expires_at named, got %v", err)
	}
}

func TestAnIntegralFloatIsAnInteger(t *testing.T) {
	var request openai.RealtimeClientSecretCreateRequest
	if err := json.Unmarshal([]byte(`{"expires_after":{"anchor":"created_at","seconds":600.0}}`), &request); err != nil {
		t.Fatal(err)
	}
	after, _ := request.ExpiresAfter.Get()
	if seconds, _ := after.Seconds.Get(); seconds != 600 {
		t.Fatalf("want 600, got %d", seconds)
	}
	if err := json.Unmarshal([]byte(`{"expires_after":{"anchor":"created_at","seconds":600.5}}`), &request); err == nil {
		t.Fatal("600.5 is not an integer")
	}
}

func TestAResponseKeepsWhatANewerServiceSends(t *testing.T) {
	text := `{"value":"ek_1","expires_at":1756310470,"organization_id":"org_1",` +
		`"session":{"type":"realtime","object":"realtime.session","id":"sess_1","model":"gpt-realtime-2","brand_new":{"a":[1,2.5]}}}`
	var response openai.RealtimeClientSecretCreateResponse
	if err := json.Unmarshal([]byte(text), &response); err != nil {
		t.Fatal(err)
	}
	if string(response.Extra["organization_id"]) != `"org_1"` {
		t.Fatalf("Extra: got %v", response.Extra)
	}
	session, ok := response.Session.(openai.RealtimeSessionCreateResponse)
	if !ok {
		t.Fatalf("session: got %T", response.Session)
	}
	if model, _ := session.Model.Get(); model != "gpt-realtime-2" {
		t.Fatalf("an open enum keeps an unknown value, got %q", model)
	}
	sameJSON(t, marshal(t, response), text)

	unknown := `{"value":"ek_1","expires_at":1,"session":{"type":"video","frames":30}}`
	if err := json.Unmarshal([]byte(unknown), &response); err != nil {
		t.Fatal(err)
	}
	if _, ok := response.Session.(openai.ClientSecretSessionUnknown); !ok {
		t.Fatalf("an unknown tag is kept in the Unknown variant, got %T", response.Session)
	}
	sameJSON(t, marshal(t, response), unknown)
}

func TestValidateReturnsEveryProblemWithItsPointer(t *testing.T) {
	tool := openai.McpTool{
		ServerLabel: "docs",
		TunnelID:    wire.Some("tunnel_short"),
	}
	session := openai.RealtimeSessionCreateRequest{
		MaxOutputTokens: wire.Some[openai.MaxOutputTokens](openai.MaxOutputTokensInteger(5000)),
		Tools:           wire.Some([]openai.Tool{tool}),
	}
	err := session.Validate()
	var problems wire.Errors
	if !errors.As(err, &problems) {
		t.Fatalf("want wire.Errors, got %v", err)
	}
	var pointers []string
	for _, p := range problems {
		pointers = append(pointers, p.Pointer)
	}
	want := "/tools/0/tunnel_id /max_output_tokens"
	if got := strings.Join(pointers, " "); got != want && got != "/max_output_tokens /tools/0/tunnel_id" {
		t.Fatalf("want problems at %s, got %s (%v)", want, got, err)
	}
}

func TestAClosedEnumRejectsAnotherStringInValidate(t *testing.T) {
	effort := openai.ReasoningEffort("extreme")
	if err := effort.Validate(); err == nil {
		t.Fatal("a closed enum rejects a value it does not list")
	}
	if err := openai.ReasoningEffortMinimal.Validate(); err != nil {
		t.Fatal(err)
	}
}

// That no printed form shows a secret and the JSON keeps it is specified for every language in
// tests/every_language/test_redaction.py; what is Go's own is that an error does not quote it.
func TestAnErrorAboutASecretDoesNotQuoteIt(t *testing.T) {
	var bad oci.RealtimeSessionToken
	err := json.Unmarshal([]byte(`{"token":12345678}`), &bad)
	if err == nil || strings.Contains(err.Error(), "12345678") {
		t.Fatalf("an error about a secret does not quote it: %v", err)
	}
}
