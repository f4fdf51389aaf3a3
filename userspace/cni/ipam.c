// SPDX-License-Identifier: GPL-2.0
/*
 * Address reservations, as CNI's host-local plugin keeps them: one
 * directory per network, a file per reserved address (its name is the
 * address, its content "CONTAINER_ID\nIFNAME\n"), "last_reserved_ip.0"
 * for the round robin, and "lock", held with flock(LOCK_EX) for as long
 * as an invocation reads or changes the directory. A reservation is
 * created with O_EXCL, so even a writer that ignores the lock cannot take
 * an address twice.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "cni.h"
#include "sdnbr_util.h"

#define LAST_FILE	"last_reserved_ip.0"
#define LOCK_FILE	"lock"

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int cni_ipam_open(struct cni_ipam *ipam, const char *dir, struct cni_error *e)
{
	int ret;

	ipam->dirfd = -1;
	ipam->lockfd = -1;
	snprintf(ipam->dir, sizeof(ipam->dir), "%s", dir);
	ret = mkdir_p(dir);
	if (ret)
		return cni_fail(e, CNI_ERR_IO, "dataDir %s: cannot create it: %s",
				dir, strerror(-ret));
	ipam->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ipam->dirfd < 0)
		return cni_fail(e, CNI_ERR_IO, "dataDir %s: %s", dir,
				strerror(errno));
	ipam->lockfd = openat(ipam->dirfd, LOCK_FILE,
			      O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (ipam->lockfd < 0) {
		ret = errno;
		cni_ipam_close(ipam);
		return cni_fail(e, CNI_ERR_IO, "dataDir %s: %s: %s", dir,
				LOCK_FILE, strerror(ret));
	}
	while (flock(ipam->lockfd, LOCK_EX)) {
		if (errno == EINTR)
			continue;
		ret = errno;
		cni_ipam_close(ipam);
		return cni_fail(e, CNI_ERR_IO, "dataDir %s: locking: %s", dir,
				strerror(ret));
	}
	return 0;
}

void cni_ipam_close(struct cni_ipam *ipam)
{
	/* closing the only descriptor of the lock file releases the lock */
	if (ipam->lockfd >= 0)
		close(ipam->lockfd);
	if (ipam->dirfd >= 0)
		close(ipam->dirfd);
	ipam->lockfd = -1;
	ipam->dirfd = -1;
}

/* Is @name a reservation, and whose? Returns true when it is (id, ifname). */
static bool owned_by(struct cni_ipam *ipam, const char *name, const char *id,
		     const char *ifname)
{
	char buf[CNI_ID_MAX + IFNAMSIZ + 8], *nl, *ifn;
	ssize_t n;
	int fd;

	fd = openat(ipam->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* ours end lines in \n; host-local separates with \r\n */
	nl = strpbrk(buf, "\r\n");
	if (!nl)
		return false;
	ifn = nl + strspn(nl, "\r\n");
	*nl = '\0';
	ifn[strcspn(ifn, "\r\n")] = '\0';
	return !strcmp(buf, id) && !strcmp(ifn, ifname);
}

static bool is_addr(const char *name, struct in_addr *ip)
{
	return inet_pton(AF_INET, name, ip) == 1;
}

/*
 * Calls @fn for each reservation file; stops when it returns non-zero and
 * returns that, or a negative errno.
 */
static int for_each(struct cni_ipam *ipam,
		    int (*fn)(struct cni_ipam *, const char *, struct in_addr,
			      void *), void *arg)
{
	struct dirent *d;
	struct in_addr ip;
	DIR *dir;
	int fd, ret = 0;

	fd = dup(ipam->dirfd);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		ret = -errno;
		close(fd);
		return ret;
	}
	rewinddir(dir);
	while (!ret && (d = readdir(dir))) {
		if (is_addr(d->d_name, &ip))
			ret = fn(ipam, d->d_name, ip, arg);
	}
	closedir(dir);
	return ret;
}

struct owner {
	const char *id;
	const char *ifname;
	struct in_addr ip;
	int n;
	int err;
};

static int find_one(struct cni_ipam *ipam, const char *name, struct in_addr ip,
		    void *arg)
{
	struct owner *o = arg;

	if (!owned_by(ipam, name, o->id, o->ifname))
		return 0;
	o->ip = ip;
	return 1;
}

int cni_ipam_find(struct cni_ipam *ipam, const char *id, const char *ifname,
		  struct in_addr *ip)
{
	struct owner o = { .id = id, .ifname = ifname };
	int ret;

	ret = for_each(ipam, find_one, &o);
	if (ret < 0)
		return ret;
	if (!ret)
		return -ENOENT;
	*ip = o.ip;
	return 0;
}

static int count_one(struct cni_ipam *ipam, const char *name,
		     struct in_addr ip, void *arg)
{
	(void)ipam;
	(void)name;
	(void)ip;
	(*(int *)arg)++;
	return 0;
}

int cni_ipam_count(struct cni_ipam *ipam)
{
	int n = 0, ret;

	ret = for_each(ipam, count_one, &n);
	return ret < 0 ? ret : n;
}

static int read_last(struct cni_ipam *ipam, struct in_addr *ip)
{
	char buf[INET_ADDRSTRLEN + 2];
	ssize_t n;
	int fd;

	fd = openat(ipam->dirfd, LAST_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return is_addr(buf, ip) ? 0 : -EINVAL;
}

/* Writes @len bytes of @data to the file @name, replacing it atomically. */
static int write_file(struct cni_ipam *ipam, const char *name,
		      const char *data, size_t len, bool excl)
{
	char tmp[64];
	ssize_t n;
	int fd, ret = 0;

	if (excl) {
		fd = openat(ipam->dirfd, name,
			    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	} else {
		snprintf(tmp, sizeof(tmp), ".%s.%d", name, (int)getpid());
		fd = openat(ipam->dirfd, tmp,
			    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	}
	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	if (n < 0 || (size_t)n != len)
		ret = n < 0 ? -errno : -EIO;
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (ret) {
		unlinkat(ipam->dirfd, excl ? name : tmp, 0);
		return ret;
	}
	if (!excl && renameat(ipam->dirfd, tmp, ipam->dirfd, name)) {
		ret = -errno;
		unlinkat(ipam->dirfd, tmp, 0);
	}
	return ret;
}

int cni_ipam_alloc(struct cni_ipam *ipam, const struct sdnbr_prefix *subnet,
		   struct in_addr gateway, const char *id, const char *ifname,
		   struct in_addr *ip, struct cni_error *e)
{
	char name[INET_ADDRSTRLEN], pfx[SDNBR_PREFIX_STRLEN];
	char owner[CNI_ID_MAX + IFNAMSIZ + 2];
	uint32_t net, first, last, start, a, n, i;
	struct in_addr cand, prev;
	int len, ret, taken;

	ret = cni_ipam_find(ipam, id, ifname, ip);
	if (!ret)
		return 0;
	if (ret != -ENOENT)
		return cni_fail(e, CNI_ERR_IO, "dataDir %s: %s", ipam->dir,
				strerror(-ret));

	sdnbr_fmt_ipv4_prefix(subnet->addr, subnet->plen, pfx);
	if (subnet->plen > 30)
		return cni_fail(e, CNI_ERR_IPAM_EXHAUSTED,
				"no free address in %s: a /%u has no host addresses for pods",
				pfx, subnet->plen);
	net = ntohl(subnet->addr.s_addr & sdnbr_ipv4_mask(subnet->plen).s_addr);
	first = net + 1;
	last = (net | ~ntohl(sdnbr_ipv4_mask(subnet->plen).s_addr)) - 1;
	n = last - first + 1;
	start = first;
	if (!read_last(ipam, &prev)) {
		a = ntohl(prev.s_addr);
		if (a >= first && a < last)
			start = a + 1;
	}

	len = snprintf(owner, sizeof(owner), "%s\n%s\n", id, ifname);
	for (i = 0; i < n; i++) {
		a = first + (start - first + i) % n;
		cand.s_addr = htonl(a);
		if (cand.s_addr == gateway.s_addr)
			continue;
		sdnbr_fmt_ipv4(cand, name);
		ret = write_file(ipam, name, owner, len, true);
		if (ret == -EEXIST)
			continue;
		if (ret)
			return cni_fail(e, CNI_ERR_IO,
					"dataDir %s: reserving %s: %s",
					ipam->dir, name, strerror(-ret));
		/* the round robin is a hint: losing it loses nothing */
		write_file(ipam, LAST_FILE, name, strlen(name), false);
		*ip = cand;
		return 0;
	}
	taken = cni_ipam_count(ipam);
	return cni_fail(e, CNI_ERR_IPAM_EXHAUSTED,
			"no free address in %s: all %u host addresses but the gateway are reserved (%d reservations in %s)",
			pfx, n - 1, taken, ipam->dir);
}

static int release_one(struct cni_ipam *ipam, const char *name,
		       struct in_addr ip, void *arg)
{
	struct owner *o = arg;

	(void)ip;
	if (!owned_by(ipam, name, o->id, o->ifname))
		return 0;
	if (unlinkat(ipam->dirfd, name, 0) && errno != ENOENT) {
		o->err = -errno;
		return 1;
	}
	o->n++;
	return 0;
}

int cni_ipam_release(struct cni_ipam *ipam, const char *id,
		     const char *ifname, struct cni_error *e)
{
	struct owner o = { .id = id, .ifname = ifname };
	int ret;

	ret = for_each(ipam, release_one, &o);
	if (ret < 0 || o.err) {
		ret = o.err ? o.err : ret;
		return cni_fail(e, CNI_ERR_IO, "dataDir %s: releasing: %s",
				ipam->dir, strerror(-ret)), ret;
	}
	return o.n;
}
