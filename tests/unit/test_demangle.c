/* test_demangle.c: C++ and Rust names, names without parameters, cpp: pattern matching, the cache. */
#include "unit.h"
#include "demangle.h"

static const char *dm(const char *name)
{
	static char buf[512];
	char *d = demangle_dup(name);
	snprintf(buf, sizeof(buf), "%s", d ? d : "(null)");
	free(d);
	return buf;
}

UNIT_TEST(demangle_cxx)
{
	CHECK_STR(dm("_Z3fooi"), "foo(int)");
	CHECK_STR(dm("_ZN5sonde7Counter3addEl"), "sonde::Counter::add(long)");
	CHECK_STR(dm("_ZNK5sonde7Counter3getEv"), "sonde::Counter::get() const");
	CHECK_STR(dm("_ZN5sonde7CounterC2Ei"), "sonde::Counter::Counter(int)");
	CHECK_STR(dm("_ZN5sonde5twiceIiEET_S1_"), "int sonde::twice<int>(int)");
	CHECK_STR(dm("_ZN12_GLOBAL__N_16hiddenEi"), "(anonymous namespace)::hidden(int)");
	CHECK_STR(dm("_ZN5sonde7Counter3addEi.cold"), "sonde::Counter::add(int) [clone .cold]");
	CHECK_STR(dm("_ZnwmSt11align_val_t"), "operator new(unsigned long, std::align_val_t)");
	/* C names and malformed ones stay as they are */
	CHECK_STR(dm("main"), "(null)");
	CHECK_STR(dm("_Zbogus"), "(null)");
	CHECK_STR(dm("_start"), "(null)");
	CHECK(!demangle_is_mangled("main"));
	CHECK(!demangle_is_mangled("_"));
	CHECK(!demangle_is_mangled(""));
	CHECK(demangle_is_mangled("_Z3fooi"));
	CHECK(demangle_is_mangled("_RNvCs1234_4test4fun1"));
}

UNIT_TEST(demangle_rust)
{
	/* legacy: Itanium-shaped with a hash, which c++filt --format=rust and bpftrace drop */
	CHECK_STR(dm("_ZN4test4fun117h0123456789abcdefE"), "test::fun1");
	CHECK_STR(dm("_ZN60_$LT$std..io..error..Error$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE"),
		  "<std::io::error::Error as core::fmt::Display>::fmt");
	/* v0 */
	CHECK_STR(dm("_RNvCs1234_4test4fun1"), "test::fun1");
	CHECK_STR(dm("_RNvNtCs1234_4test3sub4fun1"), "test::sub::fun1");
	CHECK_STR(dm("_RNvMs_Cs4Cv8Wi1oAIB_7mycrateNtB4_7Example3foo"), "<mycrate::Example>::foo");
}

static const char *base(const char *d)
{
	static char buf[512];
	const char *b;
	size_t n = demangle_base(d, &b);
	snprintf(buf, sizeof(buf), "%.*s", (int)n, b);
	return buf;
}

UNIT_TEST(demangle_base_names)
{
	CHECK_STR(base("foo(int)"), "foo");
	CHECK_STR(base("sonde::Counter::get() const"), "sonde::Counter::get");
	CHECK_STR(base("int sonde::twice<int>(int)"), "sonde::twice<int>");
	CHECK_STR(base("std::pair<int, long> sonde::mk<int, long>(int, long)"), "sonde::mk<int, long>");
	CHECK_STR(base("(anonymous namespace)::hidden(int)"), "(anonymous namespace)::hidden");
	CHECK_STR(base("sonde::Counter::add(int) [clone .cold]"), "sonde::Counter::add");
	CHECK_STR(base("helper() [clone .constprop.0] [clone .isra.0]"), "helper");
	CHECK_STR(base("main::{lambda(int)#1}::operator()(int) const"), "main::{lambda(int)#1}::operator()");
	CHECK_STR(base("operator new(unsigned long)"), "operator new");
	CHECK_STR(base("sonde::Box::operator unsigned long() const"), "sonde::Box::operator unsigned long");
	CHECK_STR(base("sonde::Foo<int (*)(int)>::bar(int) &&"), "sonde::Foo<int (*)(int)>::bar");
	CHECK_STR(base("test::fun1"), "test::fun1");
	CHECK_STR(base("<std::io::error::Error as core::fmt::Display>::fmt"),
		  "<std::io::error::Error as core::fmt::Display>::fmt");
	CHECK_STR(base("main::count"), "main::count");
}

static bool m(const char *pattern, const char *mangled)
{
	char *d = demangle_dup(mangled);
	bool r = demangle_match(pattern, mangled, d);
	free(d);
	return r;
}

UNIT_TEST(demangle_patterns)
{
	/* a name without parameters takes every overload */
	CHECK(m("sonde::Counter::add", "_ZN5sonde7Counter3addEi"));
	CHECK(m("sonde::Counter::add", "_ZN5sonde7Counter3addEl"));
	CHECK(!m("sonde::Counter::ad", "_ZN5sonde7Counter3addEi"));
	/* with parameters, exactly that one */
	CHECK(m("sonde::Counter::add(int)", "_ZN5sonde7Counter3addEi"));
	CHECK(!m("sonde::Counter::add(int)", "_ZN5sonde7Counter3addEl"));
	CHECK(m("sonde::Counter::get() const", "_ZNK5sonde7Counter3getEv"));
	/* wildcards: only '*', over the name without parameters or the whole name */
	CHECK(m("sonde::*", "_ZN5sonde7Counter3addEi"));
	CHECK(m("*::add", "_ZN5sonde7Counter3addEi"));
	CHECK(m("*add(long)", "_ZN5sonde7Counter3addEl"));
	CHECK(!m("*add(long)", "_ZN5sonde7Counter3addEi"));
	CHECK(m("sonde::tw*", "_ZN5sonde5twiceIiEET_S1_"));
	CHECK(m("sonde::twice<int>", "_ZN5sonde5twiceIiEET_S1_"));
	/* bpftrace's form, the return type in front */
	CHECK(m("int sonde::twice<int>", "_ZN5sonde5twiceIiEET_S1_"));
	/* the mangled name still matches, and C names match as themselves */
	CHECK(m("_ZN5sonde7Counter3addEi", "_ZN5sonde7Counter3addEi"));
	CHECK(m("_ZN5sonde*", "_ZN5sonde7Counter3addEi"));
	CHECK(m("main", "main"));
	CHECK(m("main", "_Z4mainv"));
	CHECK(!m("mai", "_Z4mainv"));
	/* '[' and '?' are literal */
	CHECK(demangle_star_match("a::operator[]*", "a::operator[](int)"));
	CHECK(!demangle_star_match("a?", "ab"));
	CHECK(demangle_star_match("*", ""));
	CHECK(demangle_star_match("a*b*c", "aXbYbc"));
	CHECK(!demangle_star_match("a*b*c", "aXbYbcd"));
	/* Rust */
	CHECK(m("test::fun1", "_ZN4test4fun117h0123456789abcdefE"));
	CHECK(m("test::*", "_RNvCs1234_4test4fun1"));
}

UNIT_TEST(demangle_cache)
{
	const char *a = demangle_cached("_Z3fooi");
	CHECK_STR(a, "foo(int)");
	CHECK(demangle_cached("_Z3fooi") == a);
	const char *c = "main";
	CHECK(demangle_cached(c) == c);
	CHECK_STR(demangle_cached("_Zbogus"), "_Zbogus");
	/* a string handed out survives many more lookups than a stack has frames */
	char name[64];
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "_Z%zu%s%di", strlen("f") + (size_t)snprintf(NULL, 0, "%d", i), "f", i);
		const char *d = demangle_cached(name);
		char want[64];
		snprintf(want, sizeof(want), "f%d(int)", i);
		if (i < 5 || i % 4999 == 0)
			CHECK_STR(d, want);
		if (i == 8000)
			CHECK_STR(a, "foo(int)");
	}
	CHECK_STR(demangle_cached("_Z3fooi"), "foo(int)");
	demangle_cache_free();
	CHECK_STR(demangle_cached("_Z3fooi"), "foo(int)");
	demangle_cache_free();
}

UNIT_MAIN()
