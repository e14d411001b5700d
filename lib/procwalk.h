// SPDX-License-Identifier: Apache-2.0
/* One pass over the host's processes, each handed over as an O_PATH fd of its /proc directory. */
#pragma once

/* Call fn(procfd, data) for every process in /proc; one that exits meanwhile is skipped. Stops at
 * the first negative return of fn and returns it; 0 when every call succeeded. -errno with a
 * message when /proc cannot be read. */
int proc_walk(int (*fn)(int procfd, void *data), void *data, char **reterr);
