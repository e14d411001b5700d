// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: a daemon's bytes through the gRPC wire (HTTP/2 frames, HPACK, gRPC framing, status),
 * then the protobuf answer through containerd's decoders. The first byte picks the answer (its low
 * bit: a list of containers or a task) and the read size. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "containerd-proto.h"
#include "container.h"
#include "fuzz.h"
#include "oci-spec.h"
#include "grpc-wire.h"

static void decode(bool list, const uint8_t *msg, size_t len)
{
	struct containerd_list l;
	struct containerd_task t;
	char *err = NULL;

	if (list && containerd_decode_list(msg, len, &l, &err) >= 0) {
		for (size_t i = 0; i < l.n; i++) {
			struct container_info info = { 0 };

			if (!containerd_valid_id(l.items[i].id, false))
				__builtin_trap();
			/* the OCI spec's JSON that --exec reads */
			if (l.items[i].spec &&
			    oci_spec_process_info(l.items[i].spec, l.items[i].spec_len, &info,
						  &err) >= 0 &&
			    (!info.user || !info.workdir || !info.hostname || !info.env))
				__builtin_trap();
			container_info_done(&info);
		}
		containerd_list_done(&l);
	} else if (!list && containerd_decode_task(msg, len, "web", &t, &err) >= 0) {
		(void)containerd_task_check(&t, "web", &err);
	}
	free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct grpc_wire *w;
	const uint8_t *out;
	size_t n, step;
	bool list;
	int r;

	if (size < 1)
		return 0;
	list = data[0] & 1;
	step = (size_t)(data[0] >> 1) * 16 + 1;
	data++;
	size--;
	if (grpc_wire_new(1 << 20, &w) < 0)
		return 0;
	r = grpc_wire_start(w, "/containerd.services.containers.v1.Containers/List", "k8s.io", 1000,
			    (const uint8_t *)"", 0);
	for (size_t pos = 0; r >= 0 && pos < size && !grpc_wire_done(w); pos += n) {
		do
			r = grpc_wire_output(w, &out, &n);
		while (r >= 0 && n > 0);
		n = size - pos < step ? size - pos : step;
		if (r >= 0)
			r = grpc_wire_feed(w, data + pos, n);
	}
	if (r >= 0 && grpc_wire_done(w)) {
		enum grpc_code code;
		uint8_t *msg = NULL;
		char *err = NULL;
		size_t len;

		if (grpc_wire_result(w, &code, &msg, &len, &err) >= 0) {
			decode(list, msg, len);
			free(msg);
		}
		free(err);
	}
	grpc_wire_free(w);
	return 0;
}
