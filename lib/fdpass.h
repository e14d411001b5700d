// SPDX-License-Identifier: Apache-2.0
/* Passing one fd, or the errno that kept a helper process from opening it, over a unix socket
 * (SCM_RIGHTS). */
#pragma once

/* Send fd (when >= 0) with err (0, or the helper's -errno) as the message. */
int fdpass_send(int sock, int fd, int err);

/* Receive the helper's answer within timeout_ms: 0 and *ret_fd (close-on-exec), or its -errno;
 * -ETIMEDOUT. */
int fdpass_recv(int sock, int timeout_ms, int *ret_fd);
