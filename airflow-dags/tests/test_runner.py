import io
import sys
import unittest

from feedlake_dags import runner


def py(code):
    return [sys.executable, "-c", code]


class RunStepsTest(unittest.TestCase):
    def test_exit_code_and_summary_of_one_step(self):
        lines = []
        r = runner.run_steps([py('print("ingest ..."); print(\'{"status": "failed", "exit_code": 4}\'); '
                                 'raise SystemExit(4)')], log=lines.append)
        self.assertEqual(4, r.exit_code)
        self.assertEqual({"status": "failed", "exit_code": 4}, r.summary)
        self.assertIn("ingest ...", lines)
        self.assertIn("exit code 4", lines)

    def test_the_last_step_decides_and_every_step_runs(self):
        r = runner.run_steps([py("raise SystemExit(1)"), py('print(\'{"exit_code": 0}\')')], log=lambda _: None)
        self.assertEqual((1, 0), r.exit_codes)
        self.assertEqual(0, r.exit_code)
        self.assertEqual({"exit_code": 0}, r.summary)

    def test_env_reaches_the_step(self):
        r = runner.run_steps([py('import os, json; print(json.dumps({"a": os.environ["FEEDLAKE_SUBMIT_ARGS"]}))')],
                             env={"FEEDLAKE_SUBMIT_ARGS": "--deploy-mode cluster"}, log=lambda _: None)
        self.assertEqual({"a": "--deploy-mode cluster"}, r.summary)

    def test_no_summary_when_the_last_line_is_not_json(self):
        self.assertIsNone(runner.last_json_line('{"a": 1}\nnot json\n'))
        self.assertIsNone(runner.last_json_line("[1, 2]\n"))
        self.assertEqual({"a": 1}, runner.last_json_line('text\n{"a": 1}\n\n'))

    def test_stderr_is_logged_without_using_this_process_file_descriptors(self):
        # Airflow replaces sys.stderr with a log writer that has no file descriptor
        lines = []
        saved = sys.stderr
        sys.stderr = io.StringIO()
        try:
            r = runner.run_steps([py('import sys; print("feedlake ingest: error (exit 5): catalog down", '
                                     'file=sys.stderr); print(\'{"exit_code": 5}\'); raise SystemExit(5)')],
                                 log=lines.append)
        finally:
            sys.stderr = saved
        self.assertEqual(5, r.exit_code)
        self.assertIn("stderr: feedlake ingest: error (exit 5): catalog down", lines)
        self.assertEqual({"exit_code": 5}, r.summary)

    def test_no_steps_is_an_error(self):
        with self.assertRaises(ValueError) as ctx:
            runner.run_steps([])
        self.assertEqual("a task needs at least one command (got no steps)", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
