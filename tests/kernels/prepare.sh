#!/bin/sh
# prepare.sh DIR: a second kernel for tests, cached in DIR: Debian 12's generic
# 6.1 kernel (kprobes, fentry/fexit, BTF) and a busybox initramfs whose init
# (tests/kernels/init) shares the host's root into the guest and runs the
# suite. Installs qemu-system-x86, busybox-static and cpio if missing.
# Downloads once; rebuilds the initramfs only when init changes.
set -e
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: prepare.sh DIR}
mkdir -p "$dir"
cd "$dir"

if ! command -v qemu-system-x86_64 >/dev/null || ! command -v busybox >/dev/null || ! command -v cpio >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qemu-system-x86 busybox-static cpio
fi
# The 9p modules the guest needs to see the host's root, in load order.
mods="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p"

if ! ls boot/vmlinuz-* >/dev/null 2>&1 || [ ! -f modules/9p.ko ]; then
	pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' | sort -V | tail -n 1 | cut -d' ' -f1)
	[ -n "$pkg" ] || { echo "prepare.sh: no linux-image-6.1.0-N-amd64-unsigned package (apt-get update?)" >&2; exit 1; }
	rm -rf root boot modules "$pkg"_*.deb
	apt-get download "$pkg"
	dpkg-deb -x "$pkg"_*.deb root
	# keep the kernel and the few modules the initramfs needs, not 400 MB of modules
	mkdir -p boot modules
	cp root/boot/vmlinuz-* boot/
	for m in $mods; do
		f=$(find root/lib/modules -name "$m.ko*" | head -n 1)
		[ -n "$f" ] || { echo "prepare.sh: module $m not found in $pkg" >&2; exit 1; }
		case $f in
		*.xz) xz -dc "$f" >modules/$m.ko ;;
		*) cp "$f" modules/$m.ko ;;
		esac
	done
	rm -rf root "$pkg"_*.deb
fi
kernel=$(ls boot/vmlinuz-* | sort -V | tail -n 1)
ln -sf "$PWD/$kernel" vmlinuz
stamp=$(cat "$here/init" "$here/prepare.sh" | md5sum | cut -d" " -f1)
if [ -f initramfs-sonde.cpio.gz ] && [ "$(cat initramfs-sonde.stamp 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi
rm -rf initramfs-sonde
mkdir -p initramfs-sonde/bin initramfs-sonde/sbin initramfs-sonde/lib/modules initramfs-sonde/proc \
	initramfs-sonde/sys initramfs-sonde/dev initramfs-sonde/mnt/host initramfs-sonde/tmp initramfs-sonde/etc
cp "$(command -v busybox)" initramfs-sonde/bin/busybox
for a in sh mount insmod chroot poweroff cat echo printf dd ls mkdir sleep grep dmesg; do
	ln -sf busybox initramfs-sonde/bin/$a
done
cp "$here/init" initramfs-sonde/init
chmod +x initramfs-sonde/init
for m in $mods; do
	cp modules/$m.ko initramfs-sonde/lib/modules/
done
echo "$mods" >initramfs-sonde/etc/modules
(cd initramfs-sonde && find . | cpio -o -H newc --quiet | gzip -1 >../initramfs-sonde.cpio.gz)
echo "$stamp" >initramfs-sonde.stamp
rm -rf initramfs-sonde
