// A minimal test harness for the C# test programs: each Test prints "ok <name>" or
// "FAIL <name>: <why>", and Finish prints "N passed, N failed". tests/csharp/programs.py runs
// the programs and turns each line into one pytest test.

using System;
using System.Collections.Generic;

namespace Shapegen.Tests
{
    public sealed class AssertionFailed : Exception
    {
        public AssertionFailed(string message) : base(message) { }
    }

    public static class Harness
    {
        private static int _passed;
        private static int _failed;

        public static void Test(string name, Action body)
        {
            try
            {
                body();
                Console.WriteLine("ok " + name);
                _passed++;
            }
            catch (Exception e)
            {
                string why = e is AssertionFailed ? e.Message : e.GetType().Name + ": " + e.Message;
                Console.WriteLine("FAIL " + name + ": " + why.Replace("\r", " ").Replace("\n", " "));
                _failed++;
            }
        }

        public static void Equal<T>(T expected, T actual, string what = "")
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                throw new AssertionFailed(what + " expected <" + expected + "> but was <" + actual + ">");
            }
        }

        public static void True(bool condition, string what)
        {
            if (!condition) throw new AssertionFailed(what);
        }

        public static TException Throws<TException>(Action body) where TException : Exception
        {
            try
            {
                body();
            }
            catch (TException e)
            {
                return e;
            }
            throw new AssertionFailed("expected " + typeof(TException).Name + ", nothing was thrown");
        }

        public static int Finish()
        {
            Console.WriteLine(_passed + " passed, " + _failed + " failed");
            return _failed == 0 ? 0 : 1;
        }
    }
}
