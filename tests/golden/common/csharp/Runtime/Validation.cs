// Shapegen runtime: constraint checks of the generated Validate() methods. Copied unchanged into
// every generated project by shapegen; tested on its own (tests/csharp/runtime/).

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Shapegen.Runtime
{
    /// <summary>One broken constraint: where (a JSON pointer) and what.</summary>
    public sealed class ValidationError
    {
        public ValidationError(string pointer, string message)
        {
            Pointer = pointer.Length == 0 ? "/" : pointer;
            Message = message;
        }

        public string Pointer { get; private set; }

        public string Message { get; private set; }

        public override string ToString()
        {
            return Pointer + ": " + Message;
        }
    }

    /// <summary>The checks Validate() runs; each adds one error per broken constraint.</summary>
    public static class Check
    {
        private static string Number(double value)
        {
            if (Math.Floor(value) == value && Math.Abs(value) < 1e15)
            {
                return ((long)value).ToString(CultureInfo.InvariantCulture);
            }
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        /// <summary>Length in Unicode code points, as JSON Schema counts (a surrogate pair is one).</summary>
        public static int CodePoints(string value)
        {
            int count = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
                count++;
            }
            return count;
        }

        public static void MinLength(string value, int min, string at, List<ValidationError> errors)
        {
            int n = CodePoints(value);
            if (n < min) errors.Add(new ValidationError(at, n + " characters, fewer than " + min));
        }

        public static void MaxLength(string value, int max, string at, List<ValidationError> errors)
        {
            int n = CodePoints(value);
            if (n > max) errors.Add(new ValidationError(at, n + " characters, more than " + max));
        }

        /// <summary>A pattern, searched for anywhere in the value (JSON Schema patterns are not anchored).</summary>
        public static void Pattern(string value, Regex regex, string source, string at, List<ValidationError> errors)
        {
            if (!regex.IsMatch(value)) errors.Add(new ValidationError(at, "does not match the pattern " + Json.Quote(source)));
        }

        public static void Minimum(double value, double min, string at, List<ValidationError> errors)
        {
            if (value < min) errors.Add(new ValidationError(at, Number(value) + " is less than the minimum " + Number(min)));
        }

        public static void Maximum(double value, double max, string at, List<ValidationError> errors)
        {
            if (value > max) errors.Add(new ValidationError(at, Number(value) + " is more than the maximum " + Number(max)));
        }

        public static void ExclusiveMinimum(double value, double min, string at, List<ValidationError> errors)
        {
            if (value <= min) errors.Add(new ValidationError(at, Number(value) + " is not more than " + Number(min)));
        }

        public static void ExclusiveMaximum(double value, double max, string at, List<ValidationError> errors)
        {
            if (value >= max) errors.Add(new ValidationError(at, Number(value) + " is not less than " + Number(max)));
        }

        public static void Minimum(long value, long min, string at, List<ValidationError> errors)
        {
            if (value < min) errors.Add(new ValidationError(at, value + " is less than the minimum " + min));
        }

        public static void Maximum(long value, long max, string at, List<ValidationError> errors)
        {
            if (value > max) errors.Add(new ValidationError(at, value + " is more than the maximum " + max));
        }

        public static void ExclusiveMinimum(long value, long min, string at, List<ValidationError> errors)
        {
            if (value <= min) errors.Add(new ValidationError(at, value + " is not more than " + min));
        }

        public static void ExclusiveMaximum(long value, long max, string at, List<ValidationError> errors)
        {
            if (value >= max) errors.Add(new ValidationError(at, value + " is not less than " + max));
        }

        public static void MultipleOf(long value, long divisor, string at, List<ValidationError> errors)
        {
            if (value % divisor != 0) errors.Add(new ValidationError(at, value + " is not a multiple of " + divisor));
        }

        public static void MultipleOf(double value, double divisor, string at, List<ValidationError> errors)
        {
            double quotient = value / divisor;
            if (double.IsInfinity(quotient) || Math.Floor(quotient) != quotient)
            {
                errors.Add(new ValidationError(at, Number(value) + " is not a multiple of " + Number(divisor)));
            }
        }

        public static void MinItems<T>(ICollection<T> value, int min, string at, List<ValidationError> errors)
        {
            if (value.Count < min) errors.Add(new ValidationError(at, value.Count + " items, fewer than " + min));
        }

        public static void MaxItems<T>(ICollection<T> value, int max, string at, List<ValidationError> errors)
        {
            if (value.Count > max) errors.Add(new ValidationError(at, value.Count + " items, more than " + max));
        }

        /// <summary>No two items equal as JSON (<paramref name="json"/> gives each item's JSON).</summary>
        public static void UniqueItems<T>(IList<T> value, Func<T, JToken> json, string at, List<ValidationError> errors)
        {
            var seen = new List<JToken>();
            for (int i = 0; i < value.Count; i++)
            {
                JToken item = json(value[i]);
                for (int j = 0; j < seen.Count; j++)
                {
                    if (Json.Equal(seen[j], item))
                    {
                        errors.Add(new ValidationError(Json.Child(at, i), "item " + i + " repeats item " + j));
                        break;
                    }
                }
                seen.Add(item);
            }
        }

        public static void MinProperties<T>(IDictionary<string, T> value, int min, string at, List<ValidationError> errors)
        {
            if (value.Count < min) errors.Add(new ValidationError(at, value.Count + " properties, fewer than " + min));
        }

        public static void MaxProperties<T>(IDictionary<string, T> value, int max, string at, List<ValidationError> errors)
        {
            if (value.Count > max) errors.Add(new ValidationError(at, value.Count + " properties, more than " + max));
        }

        /// <summary>A required property the caller left unset (null).</summary>
        public static void Present(object value, string at, List<ValidationError> errors)
        {
            if (value == null) errors.Add(new ValidationError(at, "required property is not set"));
        }

        /// <summary>A constant property holding another value.</summary>
        public static void Constant<T>(T value, T constant, string at, List<ValidationError> errors)
        {
            if (!EqualityComparer<T>.Default.Equals(value, constant))
            {
                errors.Add(new ValidationError(at, "must be the constant " + Json.Serialize(new JValue((object)constant))));
            }
        }

        /// <summary>Each item of a list, checked at its own pointer.</summary>
        public static void Each<T>(IList<T> value, string at, List<ValidationError> errors, Action<T, string, List<ValidationError>> check)
        {
            for (int i = 0; i < value.Count; i++) check(value[i], Json.Child(at, i), errors);
        }

        /// <summary>Each value of a map, checked at its own pointer.</summary>
        public static void Each<T>(IDictionary<string, T> value, string at, List<ValidationError> errors, Action<T, string, List<ValidationError>> check)
        {
            foreach (KeyValuePair<string, T> pair in value) check(pair.Value, Json.Child(at, pair.Key), errors);
        }
    }
}
