import unittest

from feedlake_dags import policy


class RetryPolicyTest(unittest.TestCase):
    def test_exit_3_is_not_retried_and_exit_4_is(self):
        self.assertEqual(policy.FAIL, policy.task_action(3))
        self.assertEqual(policy.RETRY, policy.task_action(4))

    def test_every_exit_code(self):
        expected = {0: policy.SUCCESS, 1: policy.FAIL, 2: policy.FAIL, 3: policy.FAIL, 4: policy.RETRY,
                    5: policy.RETRY, 6: policy.FAIL, 52: policy.FAIL, 137: policy.FAIL}
        self.assertEqual(expected, {code: policy.task_action(code) for code in expected})

    def test_out_of_memory_is_not_retried(self):
        self.assertEqual(policy.FAIL, policy.task_action(1))
        self.assertEqual(policy.FAIL, policy.task_action(52))
        self.assertEqual("52 (out of memory (Spark stopped the JVM))", policy.meaning(52))

    def test_sensor_waits_on_4_and_5_and_fails_on_the_rest(self):
        expected = {0: policy.DONE, 1: policy.FAIL, 2: policy.FAIL, 3: policy.FAIL, 4: policy.WAIT,
                    5: policy.WAIT, 6: policy.FAIL}
        self.assertEqual(expected, {code: policy.sensor_action(code) for code in expected})

    def test_meaning(self):
        self.assertEqual("4 (input not ready)", policy.meaning(4))
        self.assertEqual("9 (unknown exit code)", policy.meaning(9))


if __name__ == "__main__":
    unittest.main()
