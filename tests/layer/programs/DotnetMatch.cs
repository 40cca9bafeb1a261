// Reads lines of base64(pattern) TAB base64(UTF-8 value); prints 1 when Regex(pattern,
// RegexOptions.CultureInvariant).IsMatch(value), else 0: the .NET dialect checked by .NET itself.
using System;
using System.Text;
using System.Text.RegularExpressions;

public static class DotnetMatch
{
    public static void Main()
    {
        string line;
        while ((line = Console.In.ReadLine()) != null)
        {
            if (line.Length == 0) continue;
            string[] parts = line.Split('\t');
            string pattern = Encoding.UTF8.GetString(Convert.FromBase64String(parts[0]));
            string value = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
            bool hit = new Regex(pattern, RegexOptions.CultureInvariant).IsMatch(value);
            Console.Out.WriteLine(hit ? "1" : "0");
        }
    }
}
