package dev.idempotency.benchmarks.report;

/**
 * A Markdown document being written: headings, paragraphs and tables.
 */
final class Markdown {

	private final StringBuilder text = new StringBuilder();

	Markdown heading(int level, String title) {
		this.text.append("#".repeat(level)).append(' ').append(title).append("\n\n");
		return this;
	}

	Markdown paragraph(String paragraph) {
		this.text.append(paragraph).append("\n\n");
		return this;
	}

	Markdown item(String item) {
		this.text.append("- ").append(item).append('\n');
		return this;
	}

	Markdown endList() {
		this.text.append('\n');
		return this;
	}

	Markdown tableHead(String... columns) {
		row(columns);
		this.text.append('|');
		for (int i = 0; i < columns.length; i++) {
			this.text.append("---|");
		}
		this.text.append('\n');
		return this;
	}

	Markdown row(String... cells) {
		this.text.append("| ").append(String.join(" | ", cells)).append(" |\n");
		return this;
	}

	Markdown endTable() {
		this.text.append('\n');
		return this;
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
