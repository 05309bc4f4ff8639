#include "tools/cutover/pack_path.h"

#include <gtest/gtest.h>

namespace cutover::driver {
namespace {

using Dirs = std::vector<std::string>;
constexpr const char *kInstalled = "../share/cutover/policies";

TEST(PackPath, BesideTheBinaryThenCutoverPathThenOptions) {
  EXPECT_EQ(packSearchPath("/opt/cutover/bin", kInstalled, "/a:/b", {"/c", "/d"}),
            (Dirs{"/opt/cutover/share/cutover/policies", "/a", "/b", "/c", "/d"}));
}

TEST(PackPath, TheInstalledDirectoryIsRelativeToTheBinary) {
  EXPECT_EQ(packSearchPath("/usr/bin", kInstalled, "", {}), (Dirs{"/usr/share/cutover/policies"}));
  EXPECT_EQ(packSearchPath("/usr/local/sbin", "../../share/cutover/policies", "", {}),
            (Dirs{"/usr/share/cutover/policies"}));
}

TEST(PackPath, EmptyPartsOfCutoverPathAreSkipped) {
  EXPECT_EQ(packSearchPath("/x/bin", kInstalled, "", {}), (Dirs{"/x/share/cutover/policies"}));
  EXPECT_EQ(packSearchPath("/x/bin", kInstalled, "::/a:", {}), (Dirs{"/x/share/cutover/policies", "/a"}));
}

TEST(PackPath, NoExecutableDirectoryMeansNoInstalledPacks) {
  EXPECT_EQ(packSearchPath("", kInstalled, "/a", {"/c"}), (Dirs{"/a", "/c"}));
}

} // namespace
} // namespace cutover::driver
