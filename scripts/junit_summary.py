"""Sums JUnit XML reports into one closing line: "N passed, N failed, N skipped".

Lists every failed test first, then a line per report (checks run, held, fell short). Exits 1 when a test
failed, a report is missing or unreadable, or no test ran.
"""

import sys
import xml.etree.ElementTree as ET


def summarise(paths: list[str]) -> tuple[int, int, int, list[str]]:
	passed = failed = skipped = 0
	problems: list[str] = []
	for path in paths:
		try:
			root = ET.parse(path).getroot()
		except (OSError, ET.ParseError) as e:
			problems.append(f"{path}: no test report ({e})")
			failed += 1
			continue
		for case in root.iter("testcase"):
			name = f"{case.get('classname', '')}.{case.get('name', '')}"
			if case.find("failure") is not None or case.find("error") is not None:
				failed += 1
				problems.append(f"FAILED {name}")
			elif case.find("skipped") is not None:
				skipped += 1
			else:
				passed += 1
	return passed, failed, skipped, problems


def main() -> int:
	passed, failed, skipped, problems = summarise(sys.argv[1:])
	for line in problems:
		print(line)
	if len(sys.argv) > 2:
		for path in sys.argv[1:]:
			p, f, s, _problems = summarise([path])
			print(
				f"  {path.rsplit('/', 1)[-1]:<14} {p + f} checks run, {p} held, {f} fell short, {s} skipped"
			)
	if passed + failed == 0:
		print("no test ran")
	print(f"{passed} passed, {failed} failed, {skipped} skipped")
	return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
	sys.exit(main())
