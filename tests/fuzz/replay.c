// SPDX-License-Identifier: Apache-2.0
/* Without libFuzzer: run a fuzz target over files and directories of inputs (the fuzz-regress suite
 * replays the committed corpus, crashes found once included, with every normal build). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;
	int ok;

	ok = f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	     fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1)) &&
	     fread(buf, 1, (size_t)len, f) == (size_t)len;
	if (f)
		fclose(f);
	if (!ok) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 1;
}

static int replay(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char sub[4096];
		int r;

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		r = replay(sub);
		if (r < 0) {
			closedir(d);
			return -1;
		}
		n += r;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		int r = replay(argv[i]);

		if (r < 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		n += r;
	}
	printf("replayed %d inputs\n", n);
	return n > 0 ? 0 : 1;
}
