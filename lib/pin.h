// SPDX-License-Identifier: Apache-2.0
/* Pinning a container's namespaces: bind mounts of its namespace files that outlive its processes.
 * */
#pragma once

struct target;

#define PIN_MARKER	  ".docker-nsenter-pin"
#define PIN_NETNS_DIR	  "/run/netns"
#define PIN_NETNS_MARKERS "/run/docker-nsenter/netns"

/* Bind-mount each of t's namespace files to dir/<type> and mark dir as ours. dir must be missing
 * (it is created) or an empty directory. -EEXIST when dir is already a pin, -ENOTEMPTY when it
 * holds anything else; on any failure everything done so far is undone. */
int pin_dir(const struct target *t, const char *dir, char **reterr);

/* Undo pin_dir: unmount and remove what it created. -ENOENT, changing nothing, when dir is not a
 * pin of ours. */
int unpin_dir(const char *dir, char **reterr);

/* Bind-mount t's network namespace at /run/netns/name, for "ip netns exec name"; its marker lives
 * under /run/docker-nsenter/netns (ip netns lists every file of /run/netns). -EEXIST when the name
 * is taken. */
int pin_netns(const struct target *t, const char *name, char **reterr);

/* Undo pin_netns. -ENOENT, changing nothing, when name is not a pin of ours (e.g. one made by "ip
 * netns add"). */
int unpin_netns(const char *name, char **reterr);

/* Make a target of a pin directory of ours, for joining its namespaces: no process (procfd and
 * pidfd -EBADF), the directory as nsfd, and the container's ID and name from the marker. -ENOENT
 * when dir is not a pin of ours, -EINVAL when a namespace file in it is not a pinned namespace. */
int pin_open_target(const char *dir, struct target *ret, char **reterr);

/* Whether name can be a network namespace name of ip netns (no '/', not "." or "..", at most 255
 * bytes). */
int pin_netns_name_validate(const char *name, char **reterr);
