/** The page title and the one sentence that says what the page shows. */
export function Header() {
  return (
    <header className="app-header">
      <h1>RNN Learnability Lab</h1>
      <p className="lede">
        A recurrent network of ReLU units learns, live in your browser, to imitate a random “teacher” that
        sums small networks of earlier tokens — the setting in which Allen-Zhu &amp; Li (NeurIPS 2019) prove
        SGD succeeds with samples polynomial in the sequence length.
      </p>
    </header>
  );
}
