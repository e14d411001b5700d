// SPDX-License-Identifier: Apache-2.0
/* The pure parts of issue 17: the daemon's GraphDriver and Mounts, compose references, docker's
 * filters, the container list with its labels, the container IDs a cgroup names, and the engine's
 * mount of a container's layer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "hold.h"
#include "rootfs.h"
#include "which.h"
#include "unit.h"

#define ID    "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"
#define OTHER "0b262a0f1f0fc32ba49c5b8f60c5ed0e7b3cf4333afaaae2311a35702975c721"
#define D     "/var/lib/docker/overlay2/"

static int parse(const char *json, struct rootfs *r, char **err)
{
	return rootfs_parse_container(json, strlen(json), r, err);
}

static void graph_driver(void **state)
{
	struct rootfs r;
	char *err = NULL;

	(void)state;
	assert_int_equal(
	    parse("{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"" D
		  "a-init/diff:" D "b/diff\", \"UpperDir\": \"" D "a/diff\", \"WorkDir\": \"" D
		  "a/work\"}}}",
		  &r, &err),
	    0);
	assert_int_equal(r.n_lower, 2);
	assert_string_equal(r.lower[0], D "a-init/diff");
	assert_string_equal(r.lower[1], D "b/diff");
	assert_string_equal(r.upper, D "a/diff");
	assert_string_equal(r.work, D "a/work");
	assert_int_equal(r.n_mounts, 0);
	rootfs_done(&r);
	/* an image: UpperDir is its top layer */
	const char *img = "{\"GraphDriver\": {\"Name\": \"overlay\", \"Data\": {\"UpperDir\": "
			  "\"/x/top\", \"LowerDir\": "
			  "\"/x/l1:/x/l2\"}}}";
	assert_int_equal(rootfs_parse_image(img, strlen(img), &r, &err), 0);
	assert_int_equal(r.n_lower, 3);
	assert_string_equal(r.lower[0], "/x/top");
	assert_null(r.upper);
	rootfs_done(&r);
}

static void graph_driver_refused(void **state)
{
	static const char *const bad[] = {
		"{\"GraphDriver\": {\"Name\": \"btrfs\", \"Data\": {}}}",
		"{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"/a\", "
		"\"UpperDir\": \"/b\"}}}",
		"{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"a\", "
		"\"UpperDir\": \"/b\", \"WorkDir\": \"/w\"}}}",
		"{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": "
		"\"/a/../etc\", \"UpperDir\": \"/b\", \"WorkDir\": \"/w\"}}}",
		"{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"/a::/c\", "
		"\"UpperDir\": \"/b\", \"WorkDir\": \"/w\"}}}",
		"{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"/a\", "
		"\"UpperDir\": \"/b/\", \"WorkDir\": \"/w\"}}}",
		"{\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"/a\", "
		"\"UpperDir\": 5, \"WorkDir\": \"/w\"}}}",
		"[]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rootfs r;
		char *err = NULL;

		assert_true(parse(bad[i], &r, &err) < 0);
		assert_non_null(err);
		free(err);
	}
}

#define GD                                                                                         \
	"\"GraphDriver\": {\"Name\": \"overlay2\", \"Data\": {\"LowerDir\": \"/l\", "              \
	"\"UpperDir\": \"/u\", \"WorkDir\": \"/w\"}}"

static void mounts(void **state)
{
	struct rootfs r;
	char *err = NULL;

	(void)state;
	assert_int_equal(parse("{" GD ", \"Mounts\": ["
			       "{\"Type\": \"bind\", \"Source\": \"/srv/b\", \"Destination\": "
			       "\"/data/sub\", \"RW\": false},"
			       "{\"Type\": \"volume\", \"Source\": "
			       "\"/var/lib/docker/volumes/v/_data\", \"Destination\": \"/data\","
			       " \"Driver\": \"local\", \"RW\": true},"
			       "{\"Type\": \"npipe\", \"Source\": \"/x\", \"Destination\": "
			       "\"/pipe\", \"RW\": true}],"
			       " \"HostConfig\": {\"Tmpfs\": {\"/run\": \"\"}}, \"HostsPath\": "
			       "\"/var/lib/docker/containers/c/hosts\","
			       " \"ResolvConfPath\": \"\"}",
			       &r, &err),
			 0);
	assert_int_equal(r.n_mounts, 4);
	/* a mount below another after it, the daemon's order kept otherwise */
	assert_string_equal(r.mounts[0].dest, "/data");
	assert_int_equal(r.mounts[0].type, ROOTFS_VOLUME);
	assert_string_equal(r.mounts[0].driver, "local");
	assert_true(r.mounts[0].rw);
	assert_string_equal(r.mounts[1].dest, "/pipe");
	assert_int_equal(r.mounts[1].type, ROOTFS_OTHER);
	assert_string_equal(r.mounts[2].dest, "/run");
	assert_int_equal(r.mounts[2].type, ROOTFS_TMPFS);
	assert_null(r.mounts[2].source);
	assert_string_equal(r.mounts[3].dest, "/data/sub");
	assert_false(r.mounts[3].rw);
	assert_string_equal(r.etc[ROOTFS_HOSTS], "/var/lib/docker/containers/c/hosts");
	assert_null(r.etc[ROOTFS_RESOLV_CONF]);
	rootfs_done(&r);
}

static void mounts_refused(void **state)
{
	static const char *const bad[] = {
		"{" GD ", \"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/s\", \"Destination\": "
		"\"/\", \"RW\": true}]}",
		"{" GD ", \"Mounts\": [{\"Type\": \"bind\", \"Source\": \"s\", \"Destination\": "
		"\"/d\", \"RW\": true}]}",
		"{" GD
		", \"Mounts\": [{\"Type\": \"bind\", \"Destination\": \"/d\", \"RW\": true}]}",
		"{" GD ", \"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/s\", \"Destination\": "
		"\"/d/../etc\", \"RW\": true}]}",
		"{" GD ", \"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/s\", \"Destination\": "
		"\"/d\", \"RW\": \"yes\"}]}",
		"{" GD
		", \"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/s\", \"Destination\": \"/d\"},"
		"{\"Type\": \"tmpfs\", \"Destination\": \"/d\"}]}",
		"{" GD ", \"Mounts\": {}}",
		"{" GD ", \"HostConfig\": {\"Tmpfs\": {\"relative\": \"\"}}}",
		"{" GD ", \"HostsPath\": \"hosts\"}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rootfs r;
		char *err = NULL;

		assert_true(parse(bad[i], &r, &err) < 0);
		free(err);
	}
}

static void compose_refs(void **state)
{
	struct compose_ref c;
	char *err = NULL;

	(void)state;
	assert_true(compose_ref_is("shop/api"));
	assert_false(compose_ref_is("/web"));
	assert_false(compose_ref_is("web"));
	/* the other runtimes' references, also typed in part, are not compose services */
	assert_false(compose_ref_is("containerd://moby/abc"));
	assert_false(compose_ref_is("k8s://default/web/app"));
	assert_false(compose_ref_is("k8s:/"));
	assert_int_equal(compose_ref_parse("shop/api", &c, NULL), 0);
	assert_string_equal(c.project, "shop");
	assert_string_equal(c.service, "api");
	assert_int_equal(c.number, 0);
	assert_int_equal(compose_ref_parse("my_app-1/web.v2/12", &c, NULL), 0);
	assert_string_equal(c.project, "my_app-1");
	assert_string_equal(c.service, "web.v2");
	assert_int_equal(c.number, 12);
	static const char *const bad[] = { "shop/",	 "/api",	 "shop/api/0",
					   "shop/api/x", "shop/api/1/2", "shop/-api",
					   "sh op/api",	 "shop/api/+1",	 "shop/api/100000",
					   "shop//api" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(compose_ref_parse(bad[i], &c, &err), -EINVAL);
		free(err);
		err = NULL;
	}
}

static void filters(void **state)
{
	const char *f[] = { "label=a=b c", "label=k", "name=^/x$" };
	char *q = NULL, *err = NULL;

	(void)state;
	assert_int_equal(filter_validate("label=x", NULL), 0);
	assert_int_equal(filter_validate("status=exited", NULL), 0);
	assert_int_equal(filter_validate("colour=red", &err), -EINVAL);
	free(err);
	assert_int_equal(filter_validate("label", NULL), -EINVAL);
	assert_int_equal(filter_validate("label=", NULL), -EINVAL);
	assert_int_equal(filter_validate("=x", NULL), -EINVAL);
	/* {"label":["a=b c","k"],"name":["^/x$"]}, every reserved character encoded */
	assert_int_equal(filter_query(f, 3, &q, NULL), 0);
	assert_string_equal(q, "all=1&filters=%7B%22label%22%3A%5B%22a%3Db%20c%22%2C%22k%22%5D%2C%"
			       "22name%22%3A%5B%22%5E%2Fx%24%22%5D%7D");
	free(q);
}

static void container_list(void **state)
{
	const char *json =
	    "[{\"Id\": \"" ID
	    "\", \"Names\": [\"/shop_api_2\"], \"State\": \"running\", \"Labels\": {"
	    "\"com.docker.compose.project\": \"shop\", \"com.docker.compose.service\": \"api\","
	    "\"com.docker.compose.container-number\": \"2\", \"com.docker.compose.oneoff\": "
	    "\"False\"}},"
	    "{\"Id\": \"" OTHER "\", \"Names\": [\"/x\"], \"State\": \"exited\", \"Labels\": null},"
	    "{\"Id\": \"nope\"}, 5]";
	struct filter_match *m = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(filter_parse_list(json, strlen(json), &m, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].name, "shop_api_2");
	assert_true(m[0].running);
	assert_string_equal(m[0].project, "shop");
	assert_string_equal(m[0].service, "api");
	assert_int_equal(m[0].number, 2);
	assert_false(m[0].oneoff);
	assert_false(m[1].running);
	assert_null(m[1].project);
	filter_matches_free(m, n);
	assert_true(filter_parse_list("{}", 2, &m, &n, NULL) < 0);
}

static void cgroup_ids(void **state)
{
	char ids[WHICH_MAX_IDS][65];
	const char *engines[WHICH_MAX_IDS];
	const char *text = "12:pids:/docker/" ID "\n11:memory:/docker/" ID "\n"
			   "1:name=systemd:/machine.slice/libpod-" OTHER ".scope\n"
			   "0::/system.slice/libpod-conmon-" OTHER ".scope\n"
			   "0::/kubepods/x/crio-" OTHER "-y\n0::/short/"
			   "f7fcffc93381\n";

	(void)state;
	assert_int_equal(which_cgroup_ids(text, strlen(text), ids, engines, WHICH_MAX_IDS), 2);
	assert_string_equal(ids[0], ID);
	assert_string_equal(engines[0], "docker");
	assert_string_equal(ids[1], OTHER);
	assert_string_equal(engines[1], "podman");
	text = "0::/system.slice/docker-" ID ".scope\n";
	assert_int_equal(which_cgroup_ids(text, strlen(text), ids, engines, WHICH_MAX_IDS), 1);
	assert_string_equal(engines[0], "docker");
	text = "0::/kubepods/besteffort/pod1/" ID "\n";
	assert_int_equal(which_cgroup_ids(text, strlen(text), ids, engines, WHICH_MAX_IDS), 1);
	assert_string_equal(engines[0], "");
	text = "0::/user.slice/x-" ID ".scope\n0::/" ID "x\n";
	assert_int_equal(which_cgroup_ids(text, strlen(text), ids, engines, WHICH_MAX_IDS), 0);
	assert_int_equal(which_cgroup_ids("", 0, ids, engines, WHICH_MAX_IDS), 0);
}

static void engine_mounted(void **state)
{
	const char *up = D "abc/diff";
	const char *merged =
	    "89 44 0:50 / " D "abc/merged rw,relatime shared:5 - overlay overlay rw,lowerdir=" D
	    "l/A,upperdir=" D "abc/diff,workdir=" D "abc/work\n";
	const char *elsewhere = "89 44 0:50 / /mnt rw - overlay overlay rw,lowerdir=/x,upperdir=" D
				"abc/diff,workdir=/w\n";
	const char *other =
	    "89 44 0:50 / " D "abcd/merged rw - overlay overlay rw,lowerdir=/x,upperdir=" D
	    "abcd/diff,workdir=/w\n90 1 0:2 / /proc rw - proc proc rw\n";

	(void)state;
	assert_true(hold_mountinfo_uses(merged, strlen(merged), up));
	assert_true(hold_mountinfo_uses(elsewhere, strlen(elsewhere), up));
	assert_false(hold_mountinfo_uses(other, strlen(other), up));
	assert_false(hold_mountinfo_uses("", 0, up));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(graph_driver),	  cmocka_unit_test(graph_driver_refused),
		cmocka_unit_test(mounts),	  cmocka_unit_test(mounts_refused),
		cmocka_unit_test(compose_refs),	  cmocka_unit_test(filters),
		cmocka_unit_test(container_list), cmocka_unit_test(cgroup_ids),
		cmocka_unit_test(engine_mounted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
