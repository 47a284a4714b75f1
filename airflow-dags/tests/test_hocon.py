import unittest

from feedlake_dags import hocon


class HoconSubsetTest(unittest.TestCase):
    def test_objects_dotted_keys_and_merging(self):
        conf = hocon.parse('table.name = "t"\nsource {\n  type = "adobe"\n  rename { a = "b" }\n}\n'
                           'source.rename.c = d\nsource { path = "/x" }\n', "job.conf")
        self.assertEqual({"table": {"name": "t"},
                          "source": {"type": "adobe", "rename": {"a": "b", "c": "d"}, "path": "/x"}}, conf)

    def test_scalars_lists_quoted_keys_and_colon(self):
        conf = hocon.parse('a: 3\nb = 2.5\nc = true\nd = null\ne = [ "x", y ,\n "z" ]\n'
                           'values { "1" = "Paid Search", "2" = "Natural Search" }\nf = 10m\n')
        self.assertEqual(3, conf["a"])
        self.assertEqual(2.5, conf["b"])
        self.assertIs(True, conf["c"])
        self.assertIsNone(conf["d"])
        self.assertEqual(["x", "y", "z"], conf["e"])
        self.assertEqual({"1": "Paid Search", "2": "Natural Search"}, conf["values"])
        self.assertEqual("10m", conf["f"])

    def test_comments_triple_quotes_escapes_and_concatenation(self):
        conf = hocon.parse('# top\n// also\nddl = """\n  a STRING, # not a comment\n  b INT\n"""\n'
                           'path = ${feedlake.home}"/data"  # trailing\nsep = "\\t"\nsize = 10 GiB\n'
                           'list = [ { column = "c", values { "1" = "x" } } ]\n')
        self.assertEqual("\n  a STRING, # not a comment\n  b INT\n", conf["ddl"])
        self.assertEqual("${feedlake.home}/data", conf["path"])
        self.assertEqual("\t", conf["sep"])
        self.assertEqual("10 GiB", conf["size"])
        self.assertEqual([{"column": "c", "values": {"1": "x"}}], conf["list"])

    def test_root_braces(self):
        self.assertEqual({"a": {"b": 1}}, hocon.parse("{\n a.b = 1\n}\n"))

    def test_errors_name_file_line_and_expectation(self):
        cases = {
            'a = "open\n': "job.conf:1: unterminated quoted string",
            "a {\n b = 1\n": "job.conf:2: expected '}' closing the object (got end of file)",
            "a = \n": "job.conf:1: expected a value (got end of line)",
            "a b\n": "job.conf:1: expected '=', ':' or '{' after key a (got 'b')",
            'include "other.conf"\n': "job.conf:1: include is not supported by this reader",
            'x = "\\q"\n': "job.conf:1: invalid escape \\q in a quoted string",
            "a = [1, 2\n": "job.conf:1: expected ']' closing the list (got end of file)",
        }
        for text, message in cases.items():
            with self.subTest(text=text):
                with self.assertRaises(hocon.HoconError) as ctx:
                    hocon.parse(text, "job.conf")
                self.assertEqual(message, str(ctx.exception))

    def test_leading_comment(self):
        self.assertEqual("First line.\nSecond line.",
                         hocon.leading_comment("# First line.\n#   Second line.\ntable.name = x\n# later\n"))
        self.assertEqual("", hocon.leading_comment("table.name = x\n# later\n"))
        self.assertEqual("Events per type.", hocon.leading_comment("-- Events per type.\nSELECT 1 -- x\n", ("--",)))


if __name__ == "__main__":
    unittest.main()
