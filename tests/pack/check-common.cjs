// pack-smoke.sh: the check both module systems run in the smoke project
// (copied there beside check.mjs and check.cjs). Prints one "signed N/M"
// line; exits 1 on any wrong token.
module.exports = function check({ signToken, TokenSigner, inspectToken, inspectEntry }, vectors, mode, entry) {
  const runtime =
    typeof Bun !== "undefined" ? `bun ${Bun.version}` : typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : `node ${process.version}`;
  const wrong = [];
  let signed = 0;
  for (const v of vectors) {
    const token = signToken({ ...v.input, now: v.now });
    const again = new TokenSigner(v.input).sign(new Date(v.now));
    const inspected = inspectToken(token).hostname === v.input.hostname && inspectEntry.inspectToken(token).hostname === v.input.hostname;
    if (token === v.expected && again === v.expected && inspected) signed++;
    else wrong.push(v.id);
  }
  console.log(`${runtime} ${mode}: signed ${signed}/${vectors.length} golden tokens byte-equal (entry ${entry.replace(/^.*node_modules\//, "")})`);
  if (wrong.length > 0 || signed === 0) {
    console.error(`wrong tokens: ${wrong.join(", ")}`);
    process.exit(1);
  }
};
