// Shapegen runtime: what every generated shape shares, and the Newtonsoft.Json converter that
// routes JsonConvert through the generated strict readers and exact writers. Copied unchanged
// into every generated project by shapegen; tested on its own (tests/csharp/runtime/).

using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Shapegen.Runtime
{
    /// <summary>A generated shape: written as exactly the JSON it holds, and validated against its schema.</summary>
    public interface IShape
    {
        /// <summary>The JSON this value stands for; with <paramref name="redact"/>, secrets are replaced by a marker.</summary>
        JToken ToJson(bool redact);

        /// <summary>Adds one error per broken constraint, at JSON pointers under <paramref name="at"/>.</summary>
        void ValidateInto(string at, List<ValidationError> errors);
    }

    /// <summary>The base of every generated class (objects and tagged unions).</summary>
    public abstract class ShapegenObject : IShape, IValidatableObject
    {
        /// <summary>The marker printed instead of a secret.</summary>
        public const string Redacted = "<redacted>";

        public abstract JToken ToJson(bool redact);

        public abstract void ValidateInto(string at, List<ValidationError> errors);

        /// <summary>The JSON this value stands for: unset properties absent, explicit nulls kept, unknown properties written back.</summary>
        public JToken ToJson()
        {
            return ToJson(false);
        }

        /// <summary>The JSON text this value stands for (compact).</summary>
        public string ToJsonString()
        {
            return Json.Serialize(ToJson(false));
        }

        /// <summary>Every broken constraint, each with the JSON pointer of its value; empty when valid.</summary>
        public IList<ValidationError> Validate()
        {
            var errors = new List<ValidationError>();
            ValidateInto("", errors);
            return errors;
        }

        /// <summary>
        /// The same checks as <see cref="Validate()"/>, for <c>Validator.TryValidateObject</c> (which asks
        /// an <see cref="IValidatableObject"/> once the attributes pass); each member name is a JSON pointer.
        /// </summary>
        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            foreach (ValidationError error in Validate())
            {
                yield return new ValidationResult(error.ToString(), new[] { error.Pointer });
            }
        }

        /// <summary>Value equality: two values of the same type are equal when their JSON is (property order aside).</summary>
        public override bool Equals(object obj)
        {
            var other = obj as ShapegenObject;
            if (other == null || other.GetType() != GetType()) return false;
            if (ReferenceEquals(this, other)) return true;
            JToken mine = JsonOrNull(this);
            JToken theirs = JsonOrNull(other);
            return mine != null && theirs != null && JToken.DeepEquals(mine, theirs);
        }

        /// <summary>A hash of the JSON, consistent with <see cref="Equals(object)"/>.</summary>
        public override int GetHashCode()
        {
            JToken json = JsonOrNull(this);
            return json == null ? 0 : Json.Hash(json);
        }

        private static JToken JsonOrNull(ShapegenObject value)
        {
            try
            {
                return value.ToJson(false);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The type and its JSON, with every secret replaced by <see cref="Redacted"/>: safe to log.</summary>
        public override string ToString()
        {
            try
            {
                return GetType().Name + " " + Json.Serialize(ToJson(true));
            }
            catch (InvalidOperationException e)
            {
                return GetType().Name + " (incomplete: " + e.Message + ")";
            }
        }
    }

    /// <summary>Helpers of the generated tagged unions.</summary>
    public static class Redaction
    {
        /// <summary>
        /// A copy of an object this schema does not know (an unknown variant) with the properties
        /// that are secrets in the variants it does know replaced by the marker, for ToString.
        /// </summary>
        public static JToken Redact(JObject raw, params string[] secrets)
        {
            var copy = (JObject)raw.DeepClone();
            foreach (string name in secrets)
            {
                if (copy[name] != null) copy[name] = ShapegenObject.Redacted;
            }
            return copy;
        }
    }

    /// <summary>Helpers of the generated untagged unions.</summary>
    public static class Union
    {
        /// <summary>
        /// Reads <paramref name="token"/> as the first case that reads and is valid; with
        /// <paramref name="exclusive"/> (a oneOf) a value valid as two cases is rejected. When no
        /// case is valid, the first that reads is returned (Validate() then reports why).
        /// </summary>
        public static T Choose<T>(JToken token, string at, bool exclusive, string name, params Func<JToken, string, T>[] cases)
            where T : IShape
        {
            T first = default(T);
            bool haveFirst = false;
            T valid = default(T);
            int validCount = 0;
            string firstError = null;
            foreach (Func<JToken, string, T> read in cases)
            {
                T candidate;
                try
                {
                    candidate = read(token, at);
                }
                catch (ShapeReadException e)
                {
                    if (firstError == null) firstError = e.Message;
                    continue;
                }
                if (!haveFirst)
                {
                    first = candidate;
                    haveFirst = true;
                }
                var errors = new List<ValidationError>();
                candidate.ValidateInto(at, errors);
                if (errors.Count == 0)
                {
                    if (validCount == 0) valid = candidate;
                    validCount++;
                    if (!exclusive) break;
                }
            }
            if (validCount > 1) throw Json.Error(at, "valid as more than one variant of " + name);
            if (validCount == 1) return valid;
            if (haveFirst) return first;
            throw Json.Error(at, "matches no variant of " + name + (firstError == null ? "" : " (first: " + firstError + ")"));
        }
    }

    /// <summary>Closed enums: each member's wire value is its [EnumMember(Value = ...)]; any other string is rejected.</summary>
    public static class WireEnum
    {
        private static readonly Dictionary<Type, KeyValuePair<Dictionary<string, object>, Dictionary<object, string>>> Tables =
            new Dictionary<Type, KeyValuePair<Dictionary<string, object>, Dictionary<object, string>>>();

        private static KeyValuePair<Dictionary<string, object>, Dictionary<object, string>> Table(Type type)
        {
            lock (Tables)
            {
                KeyValuePair<Dictionary<string, object>, Dictionary<object, string>> table;
                if (Tables.TryGetValue(type, out table)) return table;
                var byWire = new Dictionary<string, object>(StringComparer.Ordinal);
                var byValue = new Dictionary<object, string>();
                foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                {
                    var member = (EnumMemberAttribute)Attribute.GetCustomAttribute(field, typeof(EnumMemberAttribute));
                    string wire = member != null && member.Value != null ? member.Value : field.Name;
                    object value = field.GetValue(null);
                    byWire[wire] = value;
                    byValue[value] = wire;
                }
                table = new KeyValuePair<Dictionary<string, object>, Dictionary<object, string>>(byWire, byValue);
                Tables[type] = table;
                return table;
            }
        }

        public static T Read<T>(JToken token, string at) where T : struct
        {
            return (T)Read(typeof(T), token, at);
        }

        public static object Read(Type type, JToken token, string at)
        {
            string wire = Json.ReadString(token, at);
            object value;
            if (!Table(type).Key.TryGetValue(wire, out value))
            {
                throw Json.Error(at, Json.Quote(wire) + " is not one of the values of " + type.Name);
            }
            return value;
        }

        public static string ToWire<T>(T value) where T : struct
        {
            return ToWire(typeof(T), value);
        }

        public static string ToWire(Type type, object value)
        {
            string wire;
            if (!Table(type).Value.TryGetValue(value, out wire))
            {
                throw new InvalidOperationException(value + " is not a value of " + type.Name);
            }
            return wire;
        }

        public static JToken ToJson<T>(T value) where T : struct
        {
            return new JValue(ToWire(value));
        }
    }

    /// <summary>
    /// Newtonsoft.Json converter of every generated type, so that JsonConvert.SerializeObject and
    /// DeserializeObject mean what the shape means: reading goes through the type's strict
    /// <c>Read(JToken, string)</c>, writing through its exact <c>ToJson</c>.
    /// </summary>
    public sealed class ShapeConverter : JsonConverter
    {
        private static readonly Dictionary<Type, MethodInfo> Readers = new Dictionary<Type, MethodInfo>();

        public override bool CanConvert(Type objectType)
        {
            return true;
        }

        private static MethodInfo Reader(Type type)
        {
            lock (Readers)
            {
                MethodInfo method;
                if (!Readers.TryGetValue(type, out method))
                {
                    method = type.GetMethod(
                        "Read",
                        BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly,
                        null,
                        new[] { typeof(JToken), typeof(string) },
                        null);
                    if (method == null) throw new InvalidOperationException(type.Name + " has no Read(JToken, string)");
                    Readers[type] = method;
                }
                return method;
            }
        }

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            Type type = Nullable.GetUnderlyingType(objectType) ?? objectType;
            reader.DateParseHandling = DateParseHandling.None;
            reader.FloatParseHandling = FloatParseHandling.Double;
            JToken token = JToken.ReadFrom(reader);
            if (token.Type == JTokenType.Null && type != objectType) return null;
            if (type.IsEnum) return WireEnum.Read(type, token, "");
            try
            {
                return Reader(type).Invoke(null, new object[] { token, "" });
            }
            catch (TargetInvocationException e)
            {
                if (e.InnerException is ShapeReadException) throw e.InnerException;
                throw;
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            if (value == null)
            {
                writer.WriteNull();
                return;
            }
            Type type = value.GetType();
            if (type.IsEnum)
            {
                writer.WriteValue(WireEnum.ToWire(type, value));
                return;
            }
            ((IShape)value).ToJson(false).WriteTo(writer);
        }
    }
}
