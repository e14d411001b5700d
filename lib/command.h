// SPDX-License-Identifier: Apache-2.0
/* Executing the command: looked up in a PATH of our choosing, as execvp() would look it up. */
#pragma once

/* Execute argv[0] (a path when it holds a '/', else looked up in the directories of path) with env
 * (NULL keeps ours); a file without a #! line that the kernel refuses (ENOEXEC) is run by /bin/sh,
 * as execvp() does. Returns only on failure: *ret_status 127 when nothing was found, 126 when
 * something was found but could not be executed, and *reterr says which. */
int command_exec(char **argv, char **env, const char *path, int *ret_status, char **reterr);
