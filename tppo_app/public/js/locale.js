// The desk in Indonesian where Frappe v15 leaves English or JavaScript's own formats behind:
// - percentages in the site's number format (Frappe writes "41.667%" whatever the format; here "41,7%");
// - the date picker's month and day names (Frappe ships no Indonesian locale for it);
// - the values in the activity log ("from Draft to Submitted"): choices and approval states are shown translated.
// Each wraps what Frappe does and changes only what it shows.
(() => {
	const percent = frappe.form.formatters.Percent;
	frappe.form.formatters.Percent = function (value, docfield, options, doc) {
		const shown = percent.call(this, value, docfield, options, doc);
		if (value === null || value === undefined || value === "" || Number.isNaN(Number(value))) return shown;
		const precision = docfield?.precision || cint(frappe.boot.sysdefaults?.float_precision) || 2;
		const decimals = cint(docfield?.precision) || 1;
		return String(shown).replace(
			`${flt(value, precision)}%`,
			`${format_number(flt(value, decimals), null, decimals)}%`
		);
	};

	if ($.fn.datepicker?.language && !$.fn.datepicker.language.id) {
		$.fn.datepicker.language.id = {
			days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
			daysShort: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
			daysMin: ["Mg", "Sn", "Sl", "Rb", "Km", "Jm", "Sb"],
			months: [
				"Januari",
				"Februari",
				"Maret",
				"April",
				"Mei",
				"Juni",
				"Juli",
				"Agustus",
				"September",
				"Oktober",
				"November",
				"Desember",
			],
			monthsShort: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
			today: "Hari ini",
			clear: "Hapus",
			dateFormat: "dd-mm-yyyy",
			timeFormat: "hh:ii",
			firstDay: 1,
		};
	}

	// A value is shown translated when its field is a choice (Select) or an approval state.
	const translatable = (doctype, fieldname) => {
		const df = doctype && frappe.meta.get_docfield(doctype, fieldname);
		return df && (df.fieldtype === "Select" || (df.fieldtype === "Link" && df.options === "Workflow State"));
	};
	const translated = (doctype, [fieldname, before, after, ...rest]) =>
		translatable(doctype, fieldname)
			? [fieldname, before ? __(before) : before, after ? __(after) : after, ...rest]
			: [fieldname, before, after, ...rest];
	function translate_version(version, frm) {
		let data;
		try {
			data = JSON.parse(version.data || "{}");
		} catch (_error) {
			return version;
		}
		if (data.changed) data.changed = data.changed.map((change) => translated(frm.doctype, change));
		if (data.row_changed) {
			data.row_changed = data.row_changed.map(([table, idx, name, changes, ...rest]) => {
				const child = frappe.meta.get_docfield(frm.doctype, table)?.options;
				return [table, idx, name, (changes || []).map((change) => translated(child, change)), ...rest];
			});
		}
		return { ...version, data: JSON.stringify(data) };
	}
	// The activity log's class is not exported: its prototype is reached through the first form's timeline.
	$(document).on("form-refresh", (_event, frm) => {
		const timeline = frm?.timeline;
		const proto = timeline && Object.getPrototypeOf(timeline);
		if (!proto?.get_version_timeline_contents || proto.__tppo_translated) return;
		const contents = proto.get_version_timeline_contents;
		proto.get_version_timeline_contents = function () {
			const versions = this.doc_info?.versions;
			if (!versions?.length) return contents.call(this);
			this.doc_info.versions = versions.map((version) => translate_version(version, this.frm));
			try {
				return contents.call(this);
			} finally {
				this.doc_info.versions = versions;
			}
		};
		proto.__tppo_translated = true;
		timeline.refresh?.();
	});
})();
