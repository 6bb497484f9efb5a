/* SPDX-License-Identifier: ISC */
/* cgi-bin/template.c: parsing, loading and escaped rendering of templates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "template.h"

static struct template t;
static struct webbuf b;
static char err[512], missing[64];

static int
parse(const char *s)
{
	template_free(&t);
	err[0] = '\0';
	return template_parse(&t, s, strlen(s), err, sizeof err);
}

static const char *
render(const struct template_var *v, size_t n)
{
	webbuf_reset(&b);
	if (template_render(&t, &b, v, n, missing, sizeof missing) == -1)
		return "(failed)";
	return b.p ? b.p : "";
}

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

int
main(void)
{
	static const struct template_var vars[] = {
		{ "name", "<b>Zo\xc3\xab</b> & \"co\" 'x'" },
		{ "id", "42" },
		{ "age", "{{name}}" },
	};
	char dir[] = "/tmp/test_template.XXXXXX", path[600];
	const char *saved;

	webbuf_init(&b);
	template_init(&t);
	is_int(parse("<p>plain</p>"), 0, "text without placeholders");
	is_str(render(NULL, 0), "<p>plain</p>", "renders as is");
	is_int(parse(""), 0, "an empty template");
	is_str(render(NULL, 0), "", "renders empty");
	is_int(parse("<td>{{name}}</td><td>{{id}}</td>{{id}}"), 0,
	    "placeholders");
	is_str(render(vars, 3),
	    "<td>&lt;b&gt;Zo\xc3\xab&lt;/b&gt; &amp; &quot;co&quot; &#39;x&#39;"
	    "</td><td>42</td>42", "values are escaped, repeats allowed");
	is_int(parse("{{age}}"), 0, "a lone placeholder");
	is_str(render(vars, 3), "{{name}}", "a value is never expanded again");
	is_int(parse("a { b } {c} }} {"), 0, "single braces are text");
	is_str(render(NULL, 0), "a { b } {c} }} {", "and render as is");
	is_int(parse("x{{nope}}y"), 0, "an unknown name parses");
	is_str(render(vars, 3), "(failed)", "but does not render");
	is_str(missing, "nope", "and is named");

	is_int(parse("{{}}"), -1, "an empty name");
	is_int(parse("a\nb {{Name}}"), -1, "an upper-case name");
	is_str(err, "line 2: a {{ is not followed by a name of a-z, 0-9, _ "
	    "and }}", "the error says the line");
	is_int(parse("{{ name }}"), -1, "blanks in a placeholder");
	is_int(parse("{{name"), -1, "an unterminated placeholder");
	is_int(parse("{{name}"), -1, "a half-closed placeholder");
	is_int(parse("{{"), -1, "a lone {{");
	is_int(parse("ok\n\xff"), -1, "invalid UTF-8");
	is_str(err, "line 2: invalid UTF-8", "is reported with its line");
	ok(t.src == NULL && t.nseg == 0, "a failed parse leaves t empty");
	is_int(template_parse(&t, "a\0b", 3, err, sizeof err), -1, "a NUL");

	/* Sections: the template's own text, shown when a var is not
	 * empty. */
	{
		struct template_var on[] = { { "codes", "1" }, { "id", "<7>" } };
		struct template_var off[] = { { "codes", "" }, { "id", "<7>" } };

		is_int(parse("a\n{{#codes}}<b>{{id}}</b>\n{{/codes}}c"), 0,
		    "a section");
		is_str(render(on, 2), "a\n<b>&lt;7&gt;</b>\nc",
		    "is shown when its var is not empty, values escaped");
		is_str(render(off, 2), "a\nc", "and left out when it is empty");
		is_str(render(off + 1, 1), "(failed)",
		    "a section without its var does not render");
		is_str(missing, "codes", "and is named");
		is_int(parse("{{#codes}}{{nope}}{{/codes}}x"), 0,
		    "an unknown name in a section parses");
		is_str(render(off, 2), "(failed)",
		    "and fails even while the section is hidden");
		is_str(missing, "nope", "named");
		is_int(parse("{{#codes}}{{/codes}}{{#codes}}y{{/codes}}"), 0,
		    "an empty section, and a name used twice");
		is_str(render(on, 2), "y", "render");
		is_str(render(off, 2), "", "and hide");
		is_int(parse("{{#codes}}<i>{{codes}}</i>{{/codes}}"), 0,
		    "the flag as a placeholder too");
		is_str(render(on, 2), "<i>1</i>", "is its value, escaped");
		is_int(parse("{{#a}}{{#b}}{{/b}}{{/a}}"), -1,
		    "sections do not nest");
		is_str(err, "line 1: a section inside section a",
		    "the error says so");
		is_int(parse("x\n{{#a}}{{/b}}"), -1, "closed by another name");
		is_str(err, "line 2: {{/b}} closes no open section of that "
		    "name", "the error names it");
		is_int(parse("{{/a}}"), -1, "closed before it opens");
		is_int(parse("{{#a}}x"), -1, "not closed");
		is_str(err, "section a is not closed", "the error names it");
		is_int(parse("{{#}}{{/}}"), -1, "a section without a name");
		is_int(parse("{{#A}}{{/A}}"), -1, "an upper-case section");
		is_int(parse("{{ #a}}{{/a}}"), -1, "a blank before the #");
	}

	/* Loading from a folder, and the folder from TEMPLATE_DIR. */
	ok(mkdtemp(dir) != NULL, "a temporary folder");
	snprintf(path, sizeof path, "%s/page.html", dir);
	ok(write_file(path, "<h1>{{id}}</h1>\n") == 0, "a template file");
	template_free(&t);
	is_int(template_load(&t, dir, "page.html", err, sizeof err), 0,
	    "template_load");
	is_str(render(vars, 3), "<h1>42</h1>\n", "renders the file");
	template_free(&t);
	is_int(template_load(&t, dir, "none.html", err, sizeof err), -1,
	    "a missing file");
	ok(strstr(err, "none.html: No such file") != NULL,
	    "is named with the reason");
	ok(write_file(path, "<h1>{{id</h1>\n") == 0, "a broken template");
	is_int(template_load(&t, dir, "page.html", err, sizeof err), -1,
	    "does not load");
	ok(strstr(err, "page.html: line 1:") != NULL, "names file and line");
	unlink(path);
	rmdir(dir);
	saved = getenv("TEMPLATE_DIR");
	setenv("TEMPLATE_DIR", "/some/where", 1);
	is_str(template_dir(), "/some/where", "TEMPLATE_DIR wins");
	setenv("TEMPLATE_DIR", "", 1);
	is_str(template_dir(), DEFAULT_TEMPLATE_DIR,
	    "an empty TEMPLATE_DIR means the default");
	unsetenv("TEMPLATE_DIR");
	is_str(template_dir(), DEFAULT_TEMPLATE_DIR, "the compiled-in default");
	if (saved != NULL)
		setenv("TEMPLATE_DIR", saved, 1);

	template_free(&t);
	template_free(&t);
	ok(t.src == NULL, "free twice is safe");
	webbuf_free(&b);
	return tap_done();
}
