// A backend minting an ephemeral key, written the way users of the OpenAI .NET SDK write it:
// object initialisers, plain strings and numbers for enums and unions, Equals, ToString to log.
using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using RealtimeShapes.Oci;
using RealtimeShapes.Openai;

namespace Consumer
{
    public static class Program
    {
        private const string Reply = @"{
  ""value"": ""ek_consumer_secret_0001"",
  ""expires_at"": 1756310470,
  ""session"": {
    ""type"": ""realtime"", ""object"": ""realtime.session"", ""id"": ""sess_consumer"",
    ""model"": ""gpt-realtime"", ""instructions"": ""Be brief."",
    ""audio"": {""output"": {""voice"": ""marin"", ""speed"": 1.0}}
  }
}";

        private static void Check(bool condition, string what)
        {
            if (!condition) throw new Exception("consumer check failed: " + what);
        }

        public static int Main()
        {
            // 1. Build a request: a string for an open enum and for a union of one, a number for "inf" | integer.
            var session = new RealtimeSessionCreateRequest
            {
                Model = "gpt-realtime",
                Instructions = "Be brief.",
                MaxOutputTokens = 4096,
                Audio = new RealtimeAudio { Output = new AudioOutput { Voice = "marin" } },
            };
            var request = new RealtimeClientSecretCreateRequest
            {
                ExpiresAfter = new ClientSecretExpiration { Seconds = 600 },
                Session = session,
            };

            // 2. Send it: validated the usual .NET way, then written as exactly what was set.
            var results = new List<ValidationResult>();
            Check(Validator.TryValidateObject(request, new ValidationContext(request), results, true), "the request is valid");
            string body = request.ToJsonString();
            Check(body.Contains("\"voice\":\"marin\"") && body.Contains("\"max_output_tokens\":4096"), body);

            // 3. Read the response and pick the session by its type.
            var response = RealtimeClientSecretCreateResponse.FromJson(Reply);
            var realtime = response.Session as RealtimeSessionCreateResponse;
            Check(realtime != null && realtime.Model == "gpt-realtime" && realtime.Object == "realtime.session", "a realtime session");

            // 4. Change a field.
            session.Instructions = "Speak up.";
            Check(request.ToJsonString().Contains("Speak up."), "the change is sent");

            // 5. Compare two values: the same JSON read twice is Equal, with the same hash code.
            var again = RealtimeClientSecretCreateResponse.FromJson(Reply);
            Check(again.Equals(response) && again.GetHashCode() == response.GetHashCode(), "value equality");
            Check(new HashSet<RealtimeClientSecretCreateResponse> { response, again }.Count == 1, "one value in a set");
            Check(!again.Equals(RealtimeClientSecretCreateResponse.FromJson(Reply.Replace("marin", "cedar"))), "a different voice differs");

            // 6. Log one: the key never reaches the log.
            string logged = response.ToString();
            Check(!logged.Contains("ek_consumer_secret_0001"), logged);
            var token = new RealtimeSessionToken { Token = "eyJhbGciOi.secret.jwt", SessionId = "s-1", CompartmentId = "ocid1.compartment.oc1..x" };
            Check(!token.ToString().Contains("secret.jwt"), "the token is redacted");
            Console.WriteLine(logged);

            // A request with a required field unset fails validation, each error named by its pointer.
            var incomplete = new RealtimeSessionToken { SessionId = "s-1", CompartmentId = "c" };
            var missing = new List<ValidationResult>();
            Check(!Validator.TryValidateObject(incomplete, new ValidationContext(incomplete), missing, true), "a missing token is caught");
            try
            {
                incomplete.ToJsonString();
                Check(false, "an incomplete request is never written");
            }
            catch (InvalidOperationException)
            {
            }
            Check(incomplete.ToString().Contains("incomplete"), incomplete.ToString());

            // 7. A newer server: an unknown session type is kept and written back.
            var newer = RealtimeClientSecretCreateResponse.FromJson(
                "{\"value\":\"ek_2\",\"expires_at\":1,\"session\":{\"type\":\"realtime_v2\",\"memory\":{\"turns\":12}}}");
            var unknown = newer.Session as ClientSecretSession.Unknown;
            Check(unknown != null && unknown.Type == "realtime_v2", "an unknown session is kept");
            Check(newer.ToJsonString().Contains("\"memory\":{\"turns\":12}"), "and written back");

            Console.WriteLine("csharp consumer: ok");
            return 0;
        }
    }
}
