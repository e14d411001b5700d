// SPDX-License-Identifier: Apache-2.0
/* A tool for the --tools tests, built static so that it runs in any container: prints its real and
 * effective user IDs and its effective capabilities, the way a debugging tool brought along would
 * run. Usage: toolprobe   Output: "toolprobe uid=U euid=E capeff=HEX" */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[256], cap[32] = "?";
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0)
			sscanf(line + 7, "%31s", cap);
	if (f)
		fclose(f);
	printf("toolprobe uid=%u euid=%u capeff=%s\n", (unsigned)getuid(), (unsigned)geteuid(),
	       cap);
	return 0;
}
